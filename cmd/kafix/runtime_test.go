//go:build linux

package main

// Run-time proof (SPEC section 6): kafix fixes the programs in
// testdata/programs, and the fixed programs' live sockets carry the
// configured keepalive options, and a blocked read in a fixed program fails
// within idle + interval*count after its peer's link is cut, while the
// unfixed program is still blocked.
//
//	go test ./cmd/kafix -run TestLiveKeepaliveOptions -v          # any user
//	sudo go test ./cmd/kafix -run 'TestDeadPeer|TestLiveKeepaliveOptions' -v
//
// TestDeadPeer needs root and iproute2 (ip netns). Without them it skips,
// except when CI is set, where it fails. It logs the marker DEADPEER-RAN once
// the measurement has been carried out.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The policy the programs are fixed with, and what it means on the wire.
const (
	fixIdle     = 2 * time.Second
	fixInterval = 1 * time.Second
	fixCount    = 3
)

var kafixArgs = []string{"-idle=2s", "-interval=1s", "-count=3", "./..."}

// shapes are the main packages under testdata/programs.
var shapes = []string{"dialclient", "server", "dialtcpclient", "rawclient", "rawserver"}

// programs is the testdata/programs module built twice: as written
// (unfixed) and after kafix rewrote it (fixed).
type programs struct {
	unfixedSrc, fixedSrc string
	unfixedBin, fixedBin string
	changed              map[string]bool  // shape -> kafix changed its main.go
	fixedBuildErr        map[string]error // shape -> its fixed source does not build
}

func (p *programs) bin(fixed bool, shape string) string {
	if fixed {
		return filepath.Join(p.fixedBin, shape)
	}
	return filepath.Join(p.unfixedBin, shape)
}

var (
	programsOnce sync.Once
	programsVal  *programs
	programsErr  error // no programs to run
	programsLog  string
	kafixRunErr  error // kafix exited non-zero, but its output built

	programsLogOnce sync.Once
)

// buildPrograms copies testdata/programs twice into a temp dir, runs the
// real kafix on one copy and builds both. It is done once per test binary
// run; every caller gets the same result (or the same failure).
func buildPrograms(t testing.TB) *programs {
	t.Helper()
	bin := kafixBinary(t)
	programsOnce.Do(func() {
		programsVal, programsLog, kafixRunErr, programsErr = doBuildPrograms(bin)
	})
	programsLogOnce.Do(func() {
		if programsLog != "" {
			t.Logf("building programs:\n%s", programsLog)
		}
	})
	if programsErr != nil {
		t.Fatal(programsErr)
	}
	if kafixRunErr != nil {
		// Every test that runs the programs fails, and still shows which
		// shapes kafix did fix.
		t.Error(kafixRunErr)
	}
	return programsVal
}

func doBuildPrograms(kafix string) (p *programs, log string, kafixErr, err error) {
	var b strings.Builder
	p, kafixErr, err = buildProgramsIn(kafix, &b)
	return p, b.String(), kafixErr, err
}

func buildProgramsIn(kafix string, log *strings.Builder) (_ *programs, kafixErr, err error) {
	tmp, err := os.MkdirTemp("", "kafix-programs-")
	if err != nil {
		return nil, nil, err
	}
	atExit(func() { os.RemoveAll(tmp) })
	src, err := filepath.Abs(filepath.Join("..", "..", "testdata", "programs"))
	if err != nil {
		return nil, nil, err
	}
	p := &programs{
		unfixedSrc:    filepath.Join(tmp, "unfixed-src"),
		fixedSrc:      filepath.Join(tmp, "fixed-src"),
		unfixedBin:    filepath.Join(tmp, "unfixed-bin"),
		fixedBin:      filepath.Join(tmp, "fixed-bin"),
		changed:       map[string]bool{},
		fixedBuildErr: map[string]error{},
	}
	for _, dst := range []string{p.unfixedSrc, p.fixedSrc} {
		if err := copyTree(src, dst); err != nil {
			return nil, nil, err
		}
	}
	if out, err := goCmd(p.unfixedSrc, "build", "-o", p.unfixedBin+"/", "./...").CombinedOutput(); err != nil {
		return nil, nil, fmt.Errorf("building the unfixed programs: %v\n%s", err, out)
	}

	cmd := exec.Command(kafix, kafixArgs...)
	cmd.Dir = p.fixedSrc
	cmd.Env = goEnv()
	out, err := cmd.CombinedOutput()
	fmt.Fprintf(log, "$ kafix %s  (in a copy of testdata/programs)\n%s", strings.Join(kafixArgs, " "), out)
	if err != nil {
		kafixErr = fmt.Errorf("kafix %s: %v (see its output above)", strings.Join(kafixArgs, " "), err)
	}
	if diff, err := exec.Command("diff", "-ru", p.unfixedSrc, p.fixedSrc).CombinedOutput(); len(diff) > 0 {
		fmt.Fprintf(log, "$ diff -ru unfixed fixed\n%s", diff)
	} else if err != nil {
		fmt.Fprintf(log, "diff: %v\n", err)
	}

	for _, shape := range shapes {
		a, err1 := os.ReadFile(filepath.Join(p.unfixedSrc, shape, "main.go"))
		b, err2 := os.ReadFile(filepath.Join(p.fixedSrc, shape, "main.go"))
		if err := errors.Join(err1, err2); err != nil {
			return nil, kafixErr, err
		}
		p.changed[shape] = !bytes.Equal(a, b)
	}
	// The reporting code only reads options; if kafix rewrote it, the
	// measurement could no longer be trusted.
	rep := filepath.Join("internal", "report", "report.go")
	a, err1 := os.ReadFile(filepath.Join(p.unfixedSrc, rep))
	b, err2 := os.ReadFile(filepath.Join(p.fixedSrc, rep))
	if err := errors.Join(err1, err2); err != nil {
		return nil, kafixErr, err
	}
	if !bytes.Equal(a, b) {
		return nil, kafixErr, fmt.Errorf("kafix rewrote %s, which only reads socket options and has no site", rep)
	}

	// Shape by shape, so that one shape kafix broke does not hide the others.
	for _, shape := range shapes {
		if out, err := goCmd(p.fixedSrc, "build", "-o", p.fixedBin+"/", "./"+shape).CombinedOutput(); err != nil {
			p.fixedBuildErr[shape] = fmt.Errorf("%s as kafix fixed it does not build: %v\n%s", shape, err, out)
			fmt.Fprintf(log, "%v\n", p.fixedBuildErr[shape])
		}
	}
	return p, kafixErr, nil
}

func goEnv() []string {
	// The programs module stands alone: no workspace, no toolchain switch.
	return append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local")
}

func goCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = goEnv()
	return cmd
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, info.Mode().Perm())
	})
}

// ---------------------------------------------------------------------------
// Running the programs.

type outLine struct {
	at   time.Time
	text string
}

// proc is a running program whose stdout lines are timestamped on arrival.
type proc struct {
	name   string
	cmd    *exec.Cmd
	lines  chan outLine // closed when stdout ends
	stderr lockedBuffer
	done   chan struct{} // closed when the process has been waited for
	err    error         // Wait's result, valid after done
	seen   []string      // lines consumed so far, for messages
	held   *outLine      // a line read after a deadline, kept for the next call
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startProc starts argv[0] with argv[1:]. The process is killed by cleanup
// (t.Cleanup or an interrupt) and, should the test binary die, by the kernel
// (Pdeathsig).
func startProc(t testing.TB, c *cleanups, name string, argv ...string) *proc {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	p := &proc{name: name, cmd: cmd, lines: make(chan outLine, 64), done: make(chan struct{})}
	cmd.Stderr = &p.stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	c.add(p.kill)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.lines <- outLine{time.Now(), sc.Text()}
		}
		close(p.lines)
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p
}

func (p *proc) kill() {
	if p.cmd.Process != nil {
		p.cmd.Process.Kill()
	}
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
	}
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

var errTimeout = errors.New("timed out")

// next returns the next stdout line starting with prefix, consuming the
// lines before it, or errTimeout at deadline, or an error if the process
// ended first.
// Lines are judged by the time they arrived, not by when next looks at them.
func (p *proc) next(prefix string, deadline time.Time) (outLine, error) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	expired := false
	for {
		var l outLine
		ok := true
		if p.held != nil {
			l, p.held = *p.held, nil
		} else if expired {
			select {
			case l, ok = <-p.lines:
			default:
				return outLine{}, errTimeout
			}
		} else {
			select {
			case l, ok = <-p.lines:
			case <-timer.C:
				expired = true // drain what arrived in time
				continue
			}
		}
		if !ok {
			<-p.done
			return outLine{}, fmt.Errorf("%s exited (%v) before printing %q; stdout so far %q; stderr: %s",
				p.name, p.err, prefix, p.seen, p.stderr.String())
		}
		if l.at.After(deadline) {
			p.held = &l
			return outLine{}, errTimeout
		}
		p.seen = append(p.seen, l.text)
		if strings.HasPrefix(l.text, prefix) {
			return l, nil
		}
	}
}

// opts is one OPTS line.
type opts struct{ keepalive, idle, intvl, cnt int }

func (o opts) String() string {
	return fmt.Sprintf("keepalive=%d idle=%d intvl=%d cnt=%d", o.keepalive, o.idle, o.intvl, o.cnt)
}

var optsRE = regexp.MustCompile(`^OPTS keepalive=(\d+) idle=(\d+) intvl=(\d+) cnt=(\d+)$`)

func parseOpts(s string) (opts, error) {
	m := optsRE.FindStringSubmatch(s)
	if m == nil {
		return opts{}, fmt.Errorf("malformed options line %q", s)
	}
	var v [4]int
	for i := range v {
		v[i], _ = strconv.Atoi(m[i+1])
	}
	return opts{v[0], v[1], v[2], v[3]}, nil
}

var (
	wantFixed     = opts{1, int(fixIdle / time.Second), int(fixInterval / time.Second), fixCount}
	wantGoDefault = opts{1, 15, 15, 9} // net's implicit default
)

// cleanups runs registered functions once, newest first, from t.Cleanup or
// from the interrupt handler, whichever comes first; the other caller waits
// until they have run. A function added after that runs at once.
type cleanups struct {
	mu   sync.Mutex
	fns  []func()
	done bool
}

func (c *cleanups) add(f func()) {
	c.mu.Lock()
	if c.done {
		c.mu.Unlock()
		f()
		return
	}
	c.fns = append(c.fns, f)
	c.mu.Unlock()
}

func (c *cleanups) run() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.done = true
	for i := len(c.fns) - 1; i >= 0; i-- {
		c.fns[i]()
	}
	c.fns = nil
}

// newCleanups returns a cleanup list run at the end of t and also when the
// test binary gets SIGINT or SIGTERM, after which the process exits.
func newCleanups(t testing.TB) *cleanups {
	c := &cleanups{}
	sig := make(chan os.Signal, 1)
	stop := make(chan struct{})
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-sig:
			fmt.Fprintf(os.Stderr, "%s: got %v, cleaning up\n", t.Name(), s)
			c.run()
			runAtExit()
			os.Exit(130)
		case <-stop:
		}
	}()
	t.Cleanup(func() {
		signal.Stop(sig)
		close(stop)
		c.run()
	})
	return c
}

// ---------------------------------------------------------------------------
// Live options.

// TestLiveKeepaliveOptions runs every program shape, unfixed and fixed,
// against a loopback peer and checks the keepalive options that the kernel
// reports for the program's own socket.
func TestLiveKeepaliveOptions(t *testing.T) {
	p := buildPrograms(t)
	for _, fixed := range []bool{false, true} {
		for _, shape := range shapes {
			name := shape + "/unfixed"
			if fixed {
				name = shape + "/fixed"
			}
			t.Run(name, func(t *testing.T) {
				if err := p.fixedBuildErr[shape]; fixed && err != nil {
					t.Fatal(err)
				}
				got := liveOpts(t, p.bin(fixed, shape), shape)
				t.Logf("OPTS %s %s", name, got)
				raw := strings.HasPrefix(shape, "raw")
				switch {
				case fixed:
					if got != wantFixed {
						hint := ""
						if !p.changed[shape] {
							hint = " (kafix did not change " + shape + "/main.go)"
						}
						t.Errorf("fixed %s: got %s, want %s%s", shape, got, wantFixed, hint)
					}
				case raw:
					if got.keepalive != 0 {
						t.Errorf("unfixed %s: got %s, want keepalive=0 (raw sockets get no keepalive)", shape, got)
					}
				default:
					if got != wantGoDefault {
						t.Errorf("unfixed %s: got %s, want Go's default %s", shape, got, wantGoDefault)
					}
				}
			})
		}
	}
}

// liveOpts runs one program against a loopback peer run by the test and
// returns the options it reports for its socket.
func liveOpts(t *testing.T, bin, shape string) opts {
	c := newCleanups(t)
	deadline := time.Now().Add(15 * time.Second)
	var p *proc
	if strings.HasSuffix(shape, "server") {
		p = startProc(t, c, shape, bin, "-addr", "127.0.0.1:0")
		l, err := p.next("LISTEN ", deadline)
		if err != nil {
			t.Fatalf("%s: waiting for LISTEN: %v", shape, err)
		}
		d := net.Dialer{KeepAliveConfig: net.KeepAliveConfig{Enable: true}}
		conn, err := d.Dial("tcp", strings.TrimPrefix(l.text, "LISTEN "))
		if err != nil {
			t.Fatal(err)
		}
		c.add(func() { conn.Close() })
	} else {
		lc := net.ListenConfig{KeepAliveConfig: net.KeepAliveConfig{Enable: true}}
		ln, err := lc.Listen(context.Background(), "tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		c.add(func() { ln.Close() })
		go func() {
			for {
				conn, err := ln.Accept()
				if err != nil {
					return
				}
				c.add(func() { conn.Close() })
			}
		}()
		p = startProc(t, c, shape, bin, "-addr", ln.Addr().String())
	}
	l, err := p.next("OPTS", deadline)
	if err != nil {
		t.Fatalf("%s: waiting for OPTS: %v", shape, err)
	}
	o, err := parseOpts(l.text)
	if err != nil {
		t.Fatalf("%s: %v", shape, err)
	}
	return o
}

// ---------------------------------------------------------------------------
// Dead peer.

const (
	// A fixed client must notice within idle + interval*count = 5s; the
	// assertion allows slack for scheduling on a loaded machine.
	fixedDetectMax = 12 * time.Second
	// The first probe of a fixed client that was answered before the cut
	// leaves interval*count = 3s to go; a failure well before that is not
	// keepalive's doing.
	fixedDetectMin = 2 * time.Second
	// The unfixed clients must still be blocked this long after the cut.
	unfixedBlocked = 20 * time.Second
)

// TestDeadPeer cuts the link under live connections and measures when the
// blocked reads of the fixed and unfixed clients fail.
//
// Two network namespaces joined by a veth pair with a private /30
// (10.231.x.y, which exists only inside them): the unfixed server program
// runs in one, the clients in the other. Once every client is connected and
// blocked in a read, the server side's veth is taken down. The fixed clients'
// reads must fail within idle + interval*count (plus slack); the unfixed ones
// must still be blocked 20s later.
//
// Set KAFIX_DEADPEER_FULL=1 to also wait for the unfixed net clients to give
// up (Go's default: 15s + 9*15s = 150s).
func TestDeadPeer(t *testing.T) {
	t.Parallel()
	requireNetns(t)
	p := buildPrograms(t)
	c := newCleanups(t)
	removeStaleNetns(t)

	// Namespaces, veth pair, addresses.
	tag := fmt.Sprintf("kfx%d-%04x", os.Getpid(), rand.IntN(0x10000))
	cliNS, srvNS := tag+"-c", tag+"-s"
	const cliDev, srvDev = "kfxc", "kfxs"
	x, base := rand.IntN(256), 4*rand.IntN(64)
	cliIP := fmt.Sprintf("10.231.%d.%d", x, base+1)
	srvIP := fmt.Sprintf("10.231.%d.%d", x, base+2)

	c.add(func() {
		for _, ns := range []string{cliNS, srvNS} {
			// Deleting a namespace also deletes its end of the veth pair.
			// (Not t.Logf: this may run from the interrupt handler.)
			if out, err := exec.Command("ip", "netns", "del", ns).CombinedOutput(); err != nil && !bytes.Contains(out, []byte("No such file")) {
				fmt.Fprintf(os.Stderr, "cleanup: ip netns del %s: %v: %s", ns, err, out)
			}
		}
	})
	if err := ipCmd("netns", "add", cliNS); err != nil {
		skipOrFail(t, fmt.Sprintf("ip netns is not usable here: %v", err))
	}
	setup := [][]string{
		{"netns", "add", srvNS},
		{"-n", cliNS, "link", "add", "name", cliDev, "type", "veth", "peer", "name", srvDev, "netns", srvNS},
		{"-n", cliNS, "addr", "add", cliIP + "/30", "dev", cliDev},
		{"-n", srvNS, "addr", "add", srvIP + "/30", "dev", srvDev},
		{"-n", cliNS, "link", "set", "lo", "up"},
		{"-n", srvNS, "link", "set", "lo", "up"},
		{"-n", cliNS, "link", "set", cliDev, "up"},
		{"-n", srvNS, "link", "set", srvDev, "up"},
	}
	for _, args := range setup {
		if err := ipCmd(args...); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("namespaces %s (%s/30 on %s) and %s (%s/30 on %s)", cliNS, cliIP, cliDev, srvNS, srvIP, srvDev)

	// The silent server: the unfixed net server, which never writes.
	deadline := time.Now().Add(20 * time.Second)
	srv := startProc(t, c, "server", "ip", "netns", "exec", srvNS, p.bin(false, "server"), "-addr", srvIP+":0")
	l, err := srv.next("LISTEN ", deadline)
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	addr := strings.TrimPrefix(l.text, "LISTEN ")

	type client struct {
		name  string
		fixed bool
		p     *proc
	}
	var clients []*client
	for _, fixed := range []bool{true, false} {
		for _, shape := range []string{"dialclient", "dialtcpclient", "rawclient"} {
			name := "unfixed-" + strings.TrimSuffix(shape, "client")
			if fixed {
				name = "fixed-" + strings.TrimSuffix(shape, "client")
			}
			if err := p.fixedBuildErr[shape]; fixed && err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			cl := &client{name: name, fixed: fixed}
			cl.p = startProc(t, c, name, "ip", "netns", "exec", cliNS, p.bin(fixed, shape), "-addr", addr)
			clients = append(clients, cl)
		}
	}
	for _, cl := range clients {
		l, err := cl.p.next("OPTS", deadline)
		if err != nil {
			t.Fatalf("%s: %v", cl.name, err)
		}
		o, err := parseOpts(l.text)
		if err != nil {
			t.Fatalf("%s: %v", cl.name, err)
		}
		t.Logf("OPTS %s %s", cl.name, o)
		if cl.fixed && o != wantFixed {
			t.Errorf("%s: options %s, want %s: the dead-peer timing below cannot hold", cl.name, o, wantFixed)
		}
	}
	for i := range clients {
		if _, err := srv.next("OPTS", deadline); err != nil {
			t.Fatalf("server: accepted %d of %d clients: %v", i, len(clients), err)
		}
	}

	// With the peer alive, keepalive must not hurt: the idle connections
	// survive several rounds of answered probes (one every idle period).
	// The cut comes just after the third answer, so the next probe leaves
	// a full idle period after the cut: the worst case, where detection
	// takes the whole idle + interval*count.
	soakStart := time.Now()
	soak := soakStart.Add(3*fixIdle + fixIdle/10)
	for _, cl := range clients {
		if l, err := cl.p.next("READ_ERR", soak); !errors.Is(err, errTimeout) {
			t.Fatalf("%s: failed while the peer was alive: %v %s", cl.name, err, l.text)
		}
	}
	t.Logf("all %d connections idle and alive for %v", len(clients), time.Since(soakStart).Round(100*time.Millisecond))
	if out, err := exec.Command("ip", "netns", "exec", cliNS, "ss", "-tno").CombinedOutput(); err == nil {
		t.Logf("before the cut, in %s: ss -tno\n%s", cliNS, out)
	}

	// Cut the link: the server's end of the veth goes down; every packet the
	// clients send from now on is lost, and nothing tells them.
	cut := time.Now()
	if err := ipCmd("-n", srvNS, "link", "set", srvDev, "down"); err != nil {
		t.Fatal(err)
	}
	t.Logf("link %s in %s down", srvDev, srvNS)

	type result struct {
		name   string
		detect time.Duration
		line   string
	}
	var results []result
	for _, cl := range clients {
		if !cl.fixed {
			continue
		}
		l, err := cl.p.next("READ_ERR", cut.Add(fixedDetectMax))
		if errors.Is(err, errTimeout) {
			t.Errorf("DETECT %s none: read still blocked %v after the cut; want it to fail within idle + interval*count = %v (+ slack)",
				cl.name, fixedDetectMax, fixIdle+fixInterval*fixCount)
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", cl.name, err)
			continue
		}
		d := l.at.Sub(cut)
		t.Logf("DETECT %s %.1fs (%s)", cl.name, d.Seconds(), l.text)
		results = append(results, result{cl.name, d, l.text})
		if d < fixedDetectMin {
			t.Errorf("%s: read failed %v after the cut, sooner than keepalive could have noticed (>= %v): %s", cl.name, d, fixedDetectMin, l.text)
		}
	}
	for _, cl := range clients {
		if cl.fixed {
			continue
		}
		l, err := cl.p.next("READ_ERR", cut.Add(unfixedBlocked))
		switch {
		case errors.Is(err, errTimeout):
			t.Logf("DETECT %s still-blocked-after %.1fs", cl.name, time.Since(cut).Seconds())
		case err != nil:
			t.Errorf("%s: %v", cl.name, err)
		default:
			t.Errorf("%s: read failed %v after the cut (%s); want it still blocked after %v, as the contrast to the fixed program",
				cl.name, l.at.Sub(cut).Round(time.Millisecond), l.text, unfixedBlocked)
		}
	}

	if os.Getenv("KAFIX_DEADPEER_FULL") != "" {
		// Go's implicit default: 15s idle, then 9 probes 15s apart.
		limit := cut.Add(15*time.Second + 9*15*time.Second + 30*time.Second)
		for _, cl := range clients {
			if cl.fixed || strings.HasPrefix(cl.name, "unfixed-raw") {
				continue
			}
			l, err := cl.p.next("READ_ERR", limit)
			if err != nil {
				t.Errorf("%s: %v", cl.name, err)
				continue
			}
			t.Logf("DETECT %s %.1fs (%s)", cl.name, l.at.Sub(cut).Seconds(), l.text)
		}
		for _, cl := range clients {
			if strings.HasPrefix(cl.name, "unfixed-raw") {
				if cl.p.exited() {
					t.Errorf("%s exited; want it blocked (Linux default 7200s + 9*75s)", cl.name)
				} else {
					t.Logf("DETECT %s still-blocked-after %.1fs", cl.name, time.Since(cut).Seconds())
				}
			}
		}
	}
	t.Log("DEADPEER-RAN")
}

// requireNetns skips the test (or fails it under CI) when network
// namespaces cannot be made here.
func requireNetns(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		skipOrFail(t, "needs root to create network namespaces")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		skipOrFail(t, "needs the ip command (iproute2): "+err.Error())
	}
}

func skipOrFail(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("dead-peer test cannot run, and CI must run it: %s", why)
	}
	t.Skipf("SKIP dead-peer test: %s (run as root: sudo go test ./cmd/kafix -run TestDeadPeer -v)", why)
}

func ipCmd(args ...string) error {
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return nil
}

var staleNetnsRE = regexp.MustCompile(`^kfx(\d+)-[0-9a-f]{4}-[cs]$`)

// removeStaleNetns deletes namespaces left by earlier runs whose test
// process is gone (a test binary killed by a timeout runs no cleanup).
func removeStaleNetns(t *testing.T) {
	out, err := exec.Command("ip", "netns", "list").Output()
	if err != nil {
		return
	}
	for f := range strings.FieldsSeq(string(out)) {
		m := staleNetnsRE.FindStringSubmatch(f)
		if m == nil {
			continue
		}
		pid, _ := strconv.Atoi(m[1])
		if pid == os.Getpid() || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue
		}
		if err := ipCmd("netns", "del", f); err == nil {
			t.Logf("removed stale namespace %s", f)
		}
	}
}
