//go:build linux

package main

// Run-time proof (SPEC section 6): kafix fixes the programs in
// testdata/programs and testdata/programs122 (a go1.22 module), and the
// fixed programs' live sockets carry the configured keepalive options and
// user timeout, and a blocked read in a fixed program fails within
// idle + interval*count after its peer's link is cut, whether the
// connection was idle (keepalive notices) or had a byte in flight (the user
// timeout notices), while the unfixed program is still blocked. The cost of
// the user timeout is measured too: a fixed writer to a live peer that has
// stopped reading is dropped after about the user timeout.
//
//	go test ./cmd/kafix -run 'TestLiveKeepaliveOptions|TestUserTimeoutCost' -v   # any user
//	sudo go test ./cmd/kafix -run 'TestDeadPeer|TestLiveKeepaliveOptions|TestUserTimeoutCost' -v
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
	"io"
	"io/fs"
	"maps"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
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
	// fixBound is how soon a fixed program must notice a dead peer:
	// keepalive's idle + interval*count, and the user timeout, which
	// kafixArgs asks for (-user-timeout=auto: the same bound), for a
	// connection with data in flight.
	fixBound       = fixIdle + fixInterval*fixCount
	fixUserTimeout = fixBound
)

var kafixArgs = []string{"-idle=2s", "-interval=1s", "-count=3", "-user-timeout=auto", "./..."} // the user timeout is opt-in

// A shape is one way of making a TCP connection, in a main package of a
// module under testdata.
type shape struct {
	name   string // what the tests call it
	module string // the module, a directory of testdata
	pkg    string // the main package in it
	server bool   // it listens and reads the connections it accepts; a peer dials it
	raw    bool   // a raw syscall socket: unfixed, it has no keepalive at all
}

// shapes are every site kafix fixes, each in a program that prints its
// socket's options and then blocks reading.
var shapes = []shape{
	{"dial", "programs", "dialclient", false, false},        // net.Dial
	{"dialer", "programs", "dialerclient", false, false},    // a net.Dialer literal
	{"dialtcp", "programs", "dialtcpclient", false, false},  // net.DialTCP: the conn is set after it
	{"server", "programs", "server", true, false},           // net.Listen: the accepted conn
	{"listentcp", "programs", "tcpserver", true, false},     // net.ListenTCP accepted elsewhere: a ListenConfig
	{"raw", "programs", "rawclient", false, true},           // syscall.Socket in a //go:build linux file
	{"rawlinux", "programs", "rawlinuxclient", false, true}, // ... in a _linux.go file
	{"rawunix", "programs", "rawunixclient", false, true},   // ... in a file with no build constraint
	{"rawserver", "programs", "rawserver", true, true},      // a raw listening socket: its accepted fds
	{"dial122", "programs122", "dialclient", false, false},  // go1.22: no KeepAliveConfig
	{"dialer122", "programs122", "dialerclient", false, false},
	{"server122", "programs122", "server", true, false},
	{"listentcp122", "programs122", "tcpserver", true, false},
}

// programModules are the modules under testdata that hold the shapes.
var programModules = []string{"programs", "programs122"}

// programs is each module of programs built twice: as written (unfixed)
// and after kafix rewrote it (fixed).
type programs struct {
	dir           string           // <dir>/<module>/{unfixed,fixed}-{src,bin}
	changed       map[string]bool  // shape -> kafix changed its package
	fixedBuildErr map[string]error // shape -> its fixed source does not build
}

func (p *programs) path(module string, fixed bool, what string) string {
	if fixed {
		return filepath.Join(p.dir, module, "fixed-"+what)
	}
	return filepath.Join(p.dir, module, "unfixed-"+what)
}

func (p *programs) bin(fixed bool, s shape) string {
	return filepath.Join(p.path(s.module, fixed, "bin"), s.pkg)
}

// shapeNamed returns the shape called name.
func shapeNamed(name string) shape {
	i := slices.IndexFunc(shapes, func(s shape) bool { return s.name == name })
	if i < 0 {
		panic("no shape " + name)
	}
	return shapes[i]
}

var (
	programsOnce sync.Once
	programsVal  *programs
	programsErr  error // no programs to run
	programsLog  string
	kafixRunErr  error // kafix exited non-zero, but its output built

	programsLogOnce sync.Once
)

// buildPrograms copies each module of programs twice into a temp dir, runs
// the real kafix on one copy and builds both. It is done once per test
// binary run; every caller gets the same result (or the same failure).
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
	p := &programs{dir: tmp, changed: map[string]bool{}, fixedBuildErr: map[string]error{}}
	var kafixErrs []error
	for _, module := range programModules {
		src, err := filepath.Abs(filepath.Join("..", "..", "testdata", module))
		if err != nil {
			return nil, nil, err
		}
		unfixedSrc, fixedSrc := p.path(module, false, "src"), p.path(module, true, "src")
		for _, dst := range []string{unfixedSrc, fixedSrc} {
			if err := copyTree(src, dst); err != nil {
				return nil, nil, err
			}
		}
		if out, err := goCmd(unfixedSrc, "build", "-o", p.path(module, false, "bin")+"/", "./...").CombinedOutput(); err != nil {
			return nil, nil, fmt.Errorf("building the unfixed testdata/%s: %v\n%s", module, err, out)
		}

		cmd := exec.Command(kafix, kafixArgs...)
		cmd.Dir = fixedSrc
		cmd.Env = goEnv()
		out, err := cmd.CombinedOutput()
		fmt.Fprintf(log, "$ kafix %s  (in a copy of testdata/%s)\n%s", strings.Join(kafixArgs, " "), module, out)
		if err != nil {
			kafixErrs = append(kafixErrs, fmt.Errorf("kafix %s on testdata/%s: %v (see its output above)", strings.Join(kafixArgs, " "), module, err))
		}
		if diff, err := exec.Command("diff", "-ru", unfixedSrc, fixedSrc).CombinedOutput(); len(diff) > 0 {
			fmt.Fprintf(log, "$ diff -ru unfixed fixed\n%s", diff)
		} else if err != nil {
			fmt.Fprintf(log, "diff: %v\n", err)
		}

		for _, s := range shapes {
			if s.module != module {
				continue
			}
			same, err := sameTree(filepath.Join(unfixedSrc, s.pkg), filepath.Join(fixedSrc, s.pkg))
			if err != nil {
				return nil, errors.Join(kafixErrs...), err
			}
			p.changed[s.name] = !same
		}
		// The reporting code only reads options; if kafix rewrote it, the
		// measurement could no longer be trusted.
		same, err := sameTree(filepath.Join(unfixedSrc, "internal"), filepath.Join(fixedSrc, "internal"))
		if err != nil {
			return nil, errors.Join(kafixErrs...), err
		}
		if !same {
			return nil, errors.Join(kafixErrs...), fmt.Errorf("kafix rewrote testdata/%s/internal, which only reads socket options and has no site", module)
		}

		// Shape by shape, so that one shape kafix broke does not hide the others.
		for _, s := range shapes {
			if s.module != module {
				continue
			}
			if out, err := goCmd(fixedSrc, "build", "-o", p.path(module, true, "bin")+"/", "./"+s.pkg).CombinedOutput(); err != nil {
				p.fixedBuildErr[s.name] = fmt.Errorf("%s (testdata/%s/%s) as kafix fixed it does not build: %v\n%s", s.name, module, s.pkg, err, out)
				fmt.Fprintf(log, "%v\n", p.fixedBuildErr[s.name])
			}
		}
	}
	return p, errors.Join(kafixErrs...), nil
}

// sameTree reports whether the files under a and b are the same.
func sameTree(a, b string) (bool, error) {
	files := func(root string) (map[string]string, error) {
		m := map[string]string{}
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			rel, _ := filepath.Rel(root, path)
			m[rel] = string(data)
			return err
		})
		return m, err
	}
	fa, err1 := files(a)
	fb, err2 := files(b)
	if err := errors.Join(err1, err2); err != nil {
		return false, err
	}
	return maps.Equal(fa, fb), nil
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
	stdin  io.WriteCloser // held open: a program reads it only for -busy
	lines  chan outLine   // closed when stdout ends
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
	if p.stdin, err = cmd.StdinPipe(); err != nil {
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

// signal tells a program run with -busy that the link is cut: it writes
// one byte on each of its connections.
func (p *proc) signal() error {
	_, err := io.WriteString(p.stdin, "cut\n")
	return err
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

// opts is one OPTS line: SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL and
// TCP_KEEPCNT in seconds, and TCP_USER_TIMEOUT in milliseconds.
type opts struct{ keepalive, idle, intvl, cnt, ut int }

func (o opts) String() string {
	return fmt.Sprintf("keepalive=%d idle=%d intvl=%d cnt=%d ut=%d", o.keepalive, o.idle, o.intvl, o.cnt, o.ut)
}

var optsRE = regexp.MustCompile(`^OPTS keepalive=(\d+) idle=(\d+) intvl=(\d+) cnt=(\d+) ut=(\d+)$`)

func parseOpts(s string) (opts, error) {
	m := optsRE.FindStringSubmatch(s)
	if m == nil {
		return opts{}, fmt.Errorf("malformed options line %q", s)
	}
	var v [5]int
	for i := range v {
		v[i], _ = strconv.Atoi(m[i+1])
	}
	return opts{v[0], v[1], v[2], v[3], v[4]}, nil
}

var (
	wantFixed     = opts{1, int(fixIdle / time.Second), int(fixInterval / time.Second), fixCount, int(fixUserTimeout / time.Millisecond)}
	wantGoDefault = opts{1, 15, 15, 9, 0} // net's implicit default, and no user timeout
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
// against a loopback peer and checks the keepalive options and the user
// timeout that the kernel reports for the program's own socket (for a
// server, the socket it accepted).
func TestLiveKeepaliveOptions(t *testing.T) {
	p := buildPrograms(t)
	for _, fixed := range []bool{false, true} {
		for _, s := range shapes {
			name := s.name + "/" + fixedWord(fixed)
			t.Run(name, func(t *testing.T) {
				if err := p.fixedBuildErr[s.name]; fixed && err != nil {
					t.Fatal(err)
				}
				got := liveOpts(t, p.bin(fixed, s), s)
				t.Logf("OPTS %s %s", name, got)
				switch {
				case fixed:
					if got != wantFixed {
						t.Errorf("fixed %s: got %s, want %s%s", s.name, got, wantFixed, p.unchangedHint(s))
					}
				case s.raw:
					if got.keepalive != 0 || got.ut != 0 {
						t.Errorf("unfixed %s: got %s, want keepalive=0 and ut=0 (raw sockets get no keepalive and no user timeout)", s.name, got)
					}
				default:
					if got != wantGoDefault {
						t.Errorf("unfixed %s: got %s, want Go's default %s", s.name, got, wantGoDefault)
					}
				}
			})
		}
	}
}

// unchangedHint explains a fixed shape's wrong options when kafix did not
// change its package at all.
func (p *programs) unchangedHint(s shape) string {
	if p.changed[s.name] {
		return ""
	}
	return fmt.Sprintf(" (kafix did not change testdata/%s/%s)", s.module, s.pkg)
}

func fixedWord(fixed bool) string {
	if fixed {
		return "fixed"
	}
	return "unfixed"
}

func busyWord(busy bool) string {
	if busy {
		return "busy"
	}
	return "idle"
}

// liveOpts runs one program against a loopback peer run by the test and
// returns the options it reports for its socket.
func liveOpts(t *testing.T, bin string, s shape) opts {
	c := newCleanups(t)
	deadline := time.Now().Add(15 * time.Second)
	p := startLoopback(t, c, s.name, bin, s)
	l, err := p.next("OPTS", deadline)
	if err != nil {
		t.Fatalf("%s: waiting for OPTS: %v", s.name, err)
	}
	o, err := parseOpts(l.text)
	if err != nil {
		t.Fatalf("%s: %v", s.name, err)
	}
	return o
}

// startLoopback starts one program with args against a loopback peer of
// the test's, which holds its connections open until c runs and never
// reads nor writes: a client dials the test's listener, the test dials a
// server.
func startLoopback(t *testing.T, c *cleanups, name, bin string, s shape, args ...string) *proc {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	if s.server {
		p := startProc(t, c, name, append([]string{bin, "-addr", "127.0.0.1:0"}, args...)...)
		l, err := p.next("LISTEN ", deadline)
		if err != nil {
			t.Fatalf("%s: waiting for LISTEN: %v", name, err)
		}
		d := net.Dialer{KeepAliveConfig: net.KeepAliveConfig{Enable: true}}
		conn, err := d.Dial("tcp", strings.TrimPrefix(l.text, "LISTEN "))
		if err != nil {
			t.Fatal(err)
		}
		c.add(func() { conn.Close() })
		return p
	}
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
	return startProc(t, c, name, append([]string{bin, "-addr", ln.Addr().String()}, args...)...)
}

// ---------------------------------------------------------------------------
// Dead peer.

const (
	// A fixed program must notice within idle + interval*count = 5s when
	// idle, and within the user timeout (5s) of its write when busy; the
	// slack allows for scheduling on a loaded machine.
	fixedDetectMax = fixBound + 1500*time.Millisecond
	// An idle fixed program's last answered probe came at most an idle
	// period before the cut, which leaves interval*count = 3s to go; a
	// failure well before that is not keepalive's doing.
	fixedIdleDetectMin = fixInterval*fixCount - time.Second
	// A busy fixed program writes its byte after the cut, and the user
	// timeout counts from then; a failure well before that is not its doing.
	fixedBusyDetectMin = fixUserTimeout - time.Second
	// The unfixed programs must still be blocked this long after the cut.
	unfixedBlocked = 20 * time.Second
	// Before the cut the connections stay idle, the peer alive but silent,
	// for three times the bound: a fixed program must not drop a live peer
	// that merely has nothing to say.
	soakFor = 3 * fixBound
)

// deadPeerCase is one program under test in TestDeadPeer.
type deadPeerCase struct {
	s           shape
	fixed, busy bool
	name        string
	p           *proc
	peer        *proc         // the peer that dialed a server
	detect      time.Duration // from the cut to the failed read; 0: none seen
	result      string        // for the table
}

// TestDeadPeer cuts the link under live connections and measures when the
// blocked reads of the fixed and unfixed programs fail.
//
// Two network namespaces joined by a veth pair with a private /30
// (10.231.x.y, which exists only inside them): every shape runs, fixed and
// unfixed, idle and busy, in one; their peers run in the other and never
// write, and have no keepalive, so that they are silent on the wire too:
// the unfixed rawserver, which every client dials, and an unfixed rawclient
// for each server under test. Once every connection has been idle for three
// times the bound, the peers' end of the veth is taken down, and then each
// busy program writes one byte, which is never acknowledged: keepalive sends
// no probe while data is in flight, so only the user timeout can end that
// connection. The fixed programs' reads must fail within idle +
// interval*count (plus slack); the unfixed ones must still be blocked 20s
// after the cut.
//
// Set KAFIX_DEADPEER_FULL=1 to also wait for the unfixed idle net programs
// to give up (Go's default: 15s + 9*15s = 150s).
func TestDeadPeer(t *testing.T) {
	t.Parallel()
	requireNetns(t)
	p := buildPrograms(t)
	c := newCleanups(t)
	removeStaleNetns(t)

	// Namespaces, veth pair, addresses.
	tag := fmt.Sprintf("kfx%d-%04x", os.Getpid(), rand.IntN(0x10000))
	testNS, peerNS := tag+"-t", tag+"-p"
	const testDev, peerDev = "kfxt", "kfxp"
	x, base := rand.IntN(256), 4*rand.IntN(64)
	testIP := fmt.Sprintf("10.231.%d.%d", x, base+1)
	peerIP := fmt.Sprintf("10.231.%d.%d", x, base+2)

	c.add(func() {
		for _, ns := range []string{testNS, peerNS} {
			// Deleting a namespace also deletes its end of the veth pair.
			// (Not t.Logf: this may run from the interrupt handler.)
			if out, err := exec.Command("ip", "netns", "del", ns).CombinedOutput(); err != nil && !bytes.Contains(out, []byte("No such file")) {
				fmt.Fprintf(os.Stderr, "cleanup: ip netns del %s: %v: %s", ns, err, out)
			}
		}
	})
	if err := ipCmd("netns", "add", testNS); err != nil {
		skipOrFail(t, fmt.Sprintf("ip netns is not usable here: %v", err))
	}
	setup := [][]string{
		{"netns", "add", peerNS},
		{"-n", testNS, "link", "add", "name", testDev, "type", "veth", "peer", "name", peerDev, "netns", peerNS},
		{"-n", testNS, "addr", "add", testIP + "/30", "dev", testDev},
		{"-n", peerNS, "addr", "add", peerIP + "/30", "dev", peerDev},
		{"-n", testNS, "link", "set", "lo", "up"},
		{"-n", peerNS, "link", "set", "lo", "up"},
		{"-n", testNS, "link", "set", testDev, "up"},
		{"-n", peerNS, "link", "set", peerDev, "up"},
	}
	for _, args := range setup {
		if err := ipCmd(args...); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("namespaces %s (programs under test, %s/30 on %s) and %s (their peers, %s/30 on %s)", testNS, testIP, testDev, peerNS, peerIP, peerDev)

	// Some 50 programs start at once, perhaps on a machine with few cores.
	deadline := time.Now().Add(30 * time.Second)
	peerSrv := startProc(t, c, "peer rawserver", "ip", "netns", "exec", peerNS, p.bin(false, shapeNamed("rawserver")), "-addr", peerIP+":0")
	l, err := peerSrv.next("LISTEN ", deadline)
	if err != nil {
		t.Fatalf("peer rawserver: %v", err)
	}
	peerAddr := strings.TrimPrefix(l.text, "LISTEN ")

	var cases []*deadPeerCase
	for _, s := range shapes {
		for _, fixed := range []bool{true, false} {
			if err := p.fixedBuildErr[s.name]; fixed && err != nil {
				t.Errorf("%s/fixed: %v", s.name, err)
				continue
			}
			for _, busy := range []bool{false, true} {
				tc := &deadPeerCase{s: s, fixed: fixed, busy: busy}
				tc.name = s.name + "/" + fixedWord(fixed) + "/" + busyWord(busy)
				argv := []string{"ip", "netns", "exec", testNS, p.bin(fixed, s), "-addr", peerAddr}
				if s.server {
					argv[len(argv)-1] = testIP + ":0"
				}
				if busy {
					argv = append(argv, "-busy")
				}
				tc.p = startProc(t, c, tc.name, argv...)
				cases = append(cases, tc)
			}
		}
	}
	clients := 0
	for _, tc := range cases {
		if !tc.s.server {
			clients++
			continue
		}
		l, err := tc.p.next("LISTEN ", deadline)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		tc.peer = startProc(t, c, tc.name+" peer", "ip", "netns", "exec", peerNS, p.bin(false, shapeNamed("raw")), "-addr", strings.TrimPrefix(l.text, "LISTEN "))
	}
	for _, tc := range cases {
		l, err := tc.p.next("OPTS", deadline)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		o, err := parseOpts(l.text)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		t.Logf("OPTS %s %s", tc.name, o)
		if tc.fixed && o != wantFixed {
			t.Errorf("%s: options %s, want %s: the dead-peer timing below cannot hold%s", tc.name, o, wantFixed, p.unchangedHint(tc.s))
		}
	}
	peers := []*proc{peerSrv}
	for i := range clients {
		if _, err := peerSrv.next("OPTS", deadline); err != nil {
			t.Fatalf("peer rawserver: accepted %d of %d clients: %v", i, clients, err)
		}
	}
	for _, tc := range cases {
		if tc.peer != nil {
			if _, err := tc.peer.next("OPTS", deadline); err != nil {
				t.Fatalf("%s: %v", tc.peer.name, err)
			}
			peers = append(peers, tc.peer)
		}
	}

	// With the peer alive, keepalive must not hurt: the idle connections
	// survive many rounds of answered probes (one every idle period), and
	// the user timeout, which bounds only unacknowledged data, does not
	// touch them.
	soakStart := time.Now()
	for _, tc := range cases {
		if l, err := tc.p.next("READ_ERR", soakStart.Add(soakFor)); !errors.Is(err, errTimeout) {
			t.Fatalf("%s: failed while the peer was alive: %v %s", tc.name, err, l.text)
		}
	}
	for _, pr := range peers {
		if l, err := pr.next("READ_ERR", soakStart.Add(soakFor)); !errors.Is(err, errTimeout) {
			t.Fatalf("%s: failed before the cut: %v %s", pr.name, err, l.text)
		}
	}
	t.Logf("all %d connections idle and alive for %v (3 x the bound %v)", len(cases), time.Since(soakStart).Round(100*time.Millisecond), fixBound)
	if out, err := exec.Command("ip", "netns", "exec", testNS, "ss", "-tno").CombinedOutput(); err == nil {
		t.Logf("before the cut, in %s: ss -tno\n%s", testNS, out)
	}

	// Cut the link: the peers' end of the veth goes down; every packet the
	// programs send from now on is lost, and nothing tells them. Then the
	// busy programs write their byte.
	cut := time.Now()
	if err := ipCmd("-n", peerNS, "link", "set", peerDev, "down"); err != nil {
		t.Fatal(err)
	}
	t.Logf("link %s in %s down", peerDev, peerNS)
	for _, tc := range cases {
		if tc.busy {
			if err := tc.p.signal(); err != nil {
				t.Errorf("%s: telling it to write: %v", tc.name, err)
			}
		}
	}
	for _, tc := range cases {
		if !tc.busy {
			continue
		}
		l, err := tc.p.next("WROTE ", cut.Add(5*time.Second))
		if err != nil {
			t.Errorf("%s: waiting for its write: %v", tc.name, err)
			continue
		}
		if !strings.HasSuffix(l.text, " ok") {
			t.Errorf("%s: the write after the cut failed at once (%s): it cannot be in flight", tc.name, l.text)
		}
		t.Logf("%s %s, %.3fs after the cut", tc.name, l.text, l.at.Sub(cut).Seconds())
	}

	for _, tc := range cases {
		if !tc.fixed {
			continue
		}
		l, err := tc.p.next("READ_ERR", cut.Add(fixedDetectMax))
		if errors.Is(err, errTimeout) {
			tc.result = "none"
			why := "keepalive's idle + interval*count"
			if tc.busy {
				why = "the user timeout after its write"
			}
			t.Errorf("DETECT %s none: read still blocked %v after the cut; want it to fail within %s = %v (+ slack)",
				tc.name, fixedDetectMax, why, fixBound)
			continue
		}
		if err != nil {
			tc.result = "error"
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		tc.detect = l.at.Sub(cut)
		tc.result = fmt.Sprintf("%.1fs", tc.detect.Seconds())
		t.Logf("DETECT %s %.2fs (%s)", tc.name, tc.detect.Seconds(), l.text)
		least := fixedIdleDetectMin
		if tc.busy {
			least = fixedBusyDetectMin
		}
		if tc.detect < least {
			t.Errorf("%s: read failed %v after the cut, sooner than the fix could have noticed (>= %v): %s", tc.name, tc.detect, least, l.text)
		}
	}
	for _, tc := range cases {
		if tc.fixed {
			continue
		}
		l, err := tc.p.next("READ_ERR", cut.Add(unfixedBlocked))
		switch {
		case errors.Is(err, errTimeout):
			tc.result = fmt.Sprintf("blocked >%.0fs", time.Since(cut).Seconds())
			t.Logf("DETECT %s still-blocked-after %.1fs", tc.name, time.Since(cut).Seconds())
		case err != nil:
			tc.result = "error"
			t.Errorf("%s: %v", tc.name, err)
		default:
			tc.detect = l.at.Sub(cut)
			tc.result = fmt.Sprintf("%.1fs", tc.detect.Seconds())
			t.Errorf("%s: read failed %v after the cut (%s); want it still blocked after %v, as the contrast to the fixed program",
				tc.name, tc.detect.Round(time.Millisecond), l.text, unfixedBlocked)
		}
	}

	if os.Getenv("KAFIX_DEADPEER_FULL") != "" {
		// Go's implicit default: 15s idle, then 9 probes 15s apart. (Busy,
		// the unfixed programs retransmit for tcp_retries2, some 15 minutes.)
		limit := cut.Add(15*time.Second + 9*15*time.Second + 30*time.Second)
		for _, tc := range cases {
			if tc.fixed || tc.busy || tc.s.raw {
				continue
			}
			l, err := tc.p.next("READ_ERR", limit)
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			tc.result = fmt.Sprintf("%.1fs", l.at.Sub(cut).Seconds())
			t.Logf("DETECT %s %.1fs (%s)", tc.name, l.at.Sub(cut).Seconds(), l.text)
		}
		for _, tc := range cases {
			if !tc.fixed && !tc.busy && tc.s.raw {
				if tc.p.exited() {
					t.Errorf("%s exited; want it blocked (Linux default 7200s + 9*75s)", tc.name)
				} else {
					tc.result = fmt.Sprintf("blocked >%.0fs", time.Since(cut).Seconds())
					t.Logf("DETECT %s still-blocked-after %.1fs", tc.name, time.Since(cut).Seconds())
				}
			}
		}
	}

	// The table: detection time after the cut, per shape.
	var tb strings.Builder
	fmt.Fprintf(&tb, "%-10s %14s %14s %14s %14s\n", "shape", "idle fixed", "idle unfixed", "busy fixed", "busy unfixed")
	for _, s := range shapes {
		fmt.Fprintf(&tb, "%-10s", s.name)
		for _, busy := range []bool{false, true} {
			for _, fixed := range []bool{true, false} {
				r := "-"
				for _, tc := range cases {
					if tc.s.name == s.name && tc.fixed == fixed && tc.busy == busy && tc.result != "" {
						r = tc.result
					}
				}
				fmt.Fprintf(&tb, " %14s", r)
			}
		}
		tb.WriteString("\n")
	}
	t.Logf("read failed after the cut (bound %v, fixed must be within %v):\n%s", fixBound, fixedDetectMax, tb.String())
	t.Log("DEADPEER-RAN")
}

// ---------------------------------------------------------------------------
// The cost of the user timeout.

const (
	// A fixed writer whose peer keeps its window shut is dropped once the
	// user timeout has passed since the window shut: not sooner...
	fillDropMin = fixUserTimeout - time.Second
	// ... and soon after (the zero-window probe timer fires at most at the
	// user timeout; slack for scheduling).
	fillDropMax = fixUserTimeout + 1500*time.Millisecond
	// An unfixed writer must still be waiting this long.
	fillUnfixedWaits = 20 * time.Second
)

// TestUserTimeoutCost measures what the user timeout costs: a program that
// writes to a live peer which has stopped reading fills the peer's receive
// buffer, the peer's window shuts, and the program's writes block. The peer
// answers every zero-window probe, but the data stays unacknowledged, and so
// the fixed program's connection is dropped once the user timeout has
// passed, while the unfixed program waits for as long as the peer does. A
// consumer that pauses for longer than the user timeout loses its
// connection: that is the price of noticing a dead peer with data in
// flight. Loopback; any user.
//
// Every shape runs at once, fixed and unfixed, each with -fill, against a
// peer of the test's that holds its connections open and never reads.
func TestUserTimeoutCost(t *testing.T) {
	t.Parallel()
	p := buildPrograms(t)
	c := newCleanups(t)

	type fillCase struct {
		s     shape
		fixed bool
		name  string
		p     *proc
		opts  outLine
	}
	var cases []*fillCase
	for _, s := range shapes {
		for _, fixed := range []bool{true, false} {
			name := s.name + "/" + fixedWord(fixed)
			if err := p.fixedBuildErr[s.name]; fixed && err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			fc := &fillCase{s: s, fixed: fixed, name: name}
			fc.p = startLoopback(t, c, name, p.bin(fixed, s), s, "-fill")
			cases = append(cases, fc)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	var connected time.Time // the last program's connection
	for _, fc := range cases {
		l, err := fc.p.next("OPTS", deadline)
		if err != nil {
			t.Fatalf("%s: %v", fc.name, err)
		}
		fc.opts = l
		if l.at.After(connected) {
			connected = l.at
		}
		if o, err := parseOpts(l.text); err != nil {
			t.Fatalf("%s: %v", fc.name, err)
		} else if fc.fixed && o != wantFixed {
			t.Errorf("%s: options %s, want %s: the timing below cannot hold%s", fc.name, o, wantFixed, p.unchangedHint(fc.s))
		}
	}

	// By now every writer is blocked on a shut window: the kernel probes it
	// (timer:persist), and the peer's kernel answers.
	time.Sleep(time.Until(connected.Add(2 * time.Second)))
	if out, err := exec.Command("ss", "-tno", "state", "established").CombinedOutput(); err == nil {
		t.Logf("ss: %d loopback connections probing a zero window (timer:(persist...)), of %d writers",
			bytes.Count(out, []byte("timer:(persist")), len(cases))
	}

	var tb strings.Builder
	fmt.Fprintf(&tb, "%-10s %24s %24s\n", "shape", "fixed", "unfixed")
	results := map[string]string{}
	for _, fc := range cases {
		limit := fc.opts.at.Add(fillUnfixedWaits)
		if fc.fixed {
			limit = fc.opts.at.Add(fillDropMax + 5*time.Second) // filling the buffers takes a moment
		}
		l, err := fc.p.next("WRITE_ERR ", limit)
		switch {
		case errors.Is(err, errTimeout) && !fc.fixed:
			results[fc.name] = fmt.Sprintf("waits >%.0fs", time.Since(fc.opts.at).Seconds())
			t.Logf("FILL %s still writing after %.1fs", fc.name, time.Since(fc.opts.at).Seconds())
			continue
		case errors.Is(err, errTimeout):
			results[fc.name] = "none"
			t.Errorf("FILL %s: not dropped %v after it connected; want it dropped about the user timeout %v after the peer's window shut", fc.name, fillDropMax+5*time.Second, fixUserTimeout)
			continue
		case err != nil:
			results[fc.name] = "error"
			t.Errorf("%s: %v", fc.name, err)
			continue
		}
		// WRITE_ERR <ms blocked> <bytes> <error>
		f := strings.Fields(l.text)
		if len(f) < 4 {
			t.Errorf("%s: malformed %q", fc.name, l.text)
			continue
		}
		ms, err := strconv.Atoi(f[1])
		if err != nil {
			t.Errorf("%s: malformed %q", fc.name, l.text)
			continue
		}
		blocked := time.Duration(ms) * time.Millisecond
		results[fc.name] = fmt.Sprintf("%.2fs (%s KiB)", blocked.Seconds(), kib(f[2]))
		t.Logf("FILL %s dropped: write blocked %.2fs, %.1fs after connecting (%s)", fc.name, blocked.Seconds(), l.at.Sub(fc.opts.at).Seconds(), l.text)
		switch {
		case !fc.fixed:
			t.Errorf("%s: unfixed, its write failed after %v (%s); want it still waiting after %v, as the contrast to the fixed program", fc.name, blocked, l.text, fillUnfixedWaits)
		case blocked < fillDropMin || blocked > fillDropMax:
			t.Errorf("%s: dropped after its write was blocked %v; want within [%v, %v], the user timeout %v", fc.name, blocked, fillDropMin, fillDropMax, fixUserTimeout)
		}
	}
	for _, s := range shapes {
		fmt.Fprintf(&tb, "%-10s %24s %24s\n", s.name, results[s.name+"/fixed"], results[s.name+"/unfixed"])
	}
	t.Logf("a writer to a live peer that keeps its window shut: dropped after its write was blocked (user timeout %v):\n%s", fixUserTimeout, tb.String())
}

// kib turns a count of bytes into KiB.
func kib(s string) string {
	n, err := strconv.Atoi(s)
	if err != nil {
		return s
	}
	return strconv.Itoa(n >> 10)
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

var staleNetnsRE = regexp.MustCompile(`^kfx(\d+)-[0-9a-f]{4}-[a-z]$`)

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
