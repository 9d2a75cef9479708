//go:build linux

package main

// Run-time proof (SPEC section 6): kafix fixes the programs in
// testdata/programs and testdata/programs122 (a go1.22 module) under each
// policy that decides the user timeout, named explicitly so that the
// proof does not depend on kafix's default: keepalive only
// (-user-timeout=0) and keepalive with the user timeout
// (-user-timeout=auto). The fixed programs' live sockets carry the
// configured options, read back with getsockopt; a blocked read in a fixed
// program fails within idle + interval*count after its peer's link is cut
// while the unfixed program is still blocked; with a byte in flight only
// the user timeout notices, and keepalive alone waits for the system's
// retransmission limit. The cost of the user timeout is measured too: a
// writer to a live peer that has stopped reading is dropped after about
// the user timeout, and kept without it.
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
	"cmp"
	"context"
	"encoding/json"
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

// The timers the programs are fixed with, and what they mean on the wire.
const (
	fixIdle     = 2 * time.Second
	fixInterval = 1 * time.Second
	fixCount    = 3
	// fixBound is how soon a fixed program must notice a dead idle peer,
	// keepalive's idle + interval*count; -user-timeout=auto makes it the
	// user timeout too, which bounds a connection with data in flight.
	fixBound = fixIdle + fixInterval*fixCount
	// goImplicitBound is how soon Go's implicit keepalive (15s idle, 9
	// probes 15s apart) notices a dead idle peer: no fix may be slower.
	goImplicitBound = 15*time.Second + 9*15*time.Second
)

// timerArgs are kafix's timer flags for every fixed build.
var timerArgs = []string{"-idle=2s", "-interval=1s", "-count=3"}

// A build is one way the programs are built: as written, or fixed by kafix
// under a policy whose user timeout is named in its flags.
type build struct {
	name        string   // "unfixed", or the policy's name
	flags       []string // kafix's flags besides timerArgs; nil for unfixed
	userTimeout bool     // the policy asks for the user timeout (auto: fixBound)
}

func (b build) fixed() bool { return b.flags != nil }

var (
	unfixedBuild = build{name: "unfixed"}
	// defaultBuild is kafix's default policy, keepalive only: data in
	// flight waits for the system's retransmission limit.
	defaultBuild = build{name: "default", flags: []string{"-user-timeout=0"}}
	// autoBuild adds the user timeout, idle + interval*count.
	autoBuild = build{name: "auto", flags: []string{"-user-timeout=auto"}, userTimeout: true}

	builds = []build{unfixedBuild, defaultBuild, autoBuild}
)

// A shape is one way of making a TCP connection, in a main package of a
// module under testdata.
type shape struct {
	name   string // what the tests call it
	module string // the module, a directory of testdata
	pkg    string // the main package in it
	server bool   // it listens and reads the connections it accepts; a peer dials it
	raw    bool   // a raw syscall socket: unfixed, it has no keepalive at all
}

// oldGo reports whether the shape's module predates go1.23, whose files
// have no KeepAliveConfig: keepalive only, a fix there sets the field
// they have, whose bound is Go's own at most, not the exact timers.
func (s shape) oldGo() bool { return s.module == "programs122" }

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

// programs is each module of programs built once per build: as written
// (unfixed) and after kafix rewrote it under each policy.
type programs struct {
	dir           string           // <dir>/<module>/<build>-{src,bin}
	changed       map[string]bool  // build/shape -> kafix changed its package
	fixedBuildErr map[string]error // build/shape -> its fixed source does not build
	// stated is the bound that kafix's diagnostic of a shape states for
	// a dead idle peer after its fix ("within 5s"), by build/shape; 0
	// where it states none.
	stated map[string]time.Duration
}

func buildKey(b build, s shape) string { return b.name + "/" + s.name }

func (p *programs) path(module string, b build, what string) string {
	return filepath.Join(p.dir, module, b.name+"-"+what)
}

func (p *programs) bin(b build, s shape) string {
	return filepath.Join(p.path(s.module, b, "bin"), s.pkg)
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

// buildPrograms copies each module of programs once per build into a temp
// dir, runs the real kafix on the copies to fix and builds them all. It is
// done once per test binary run; every caller gets the same result (or the
// same failure).
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
	p := &programs{dir: tmp, changed: map[string]bool{}, fixedBuildErr: map[string]error{}, stated: map[string]time.Duration{}}
	var kafixErrs []error
	for _, module := range programModules {
		src, err := filepath.Abs(filepath.Join("..", "..", "testdata", module))
		if err != nil {
			return nil, nil, err
		}
		unfixedSrc := p.path(module, unfixedBuild, "src")
		for _, b := range builds {
			if err := copyTree(src, p.path(module, b, "src")); err != nil {
				return nil, nil, err
			}
		}
		if out, err := goCmd(unfixedSrc, "build", "-o", p.path(module, unfixedBuild, "bin")+"/", "./...").CombinedOutput(); err != nil {
			return nil, nil, fmt.Errorf("building the unfixed testdata/%s: %v\n%s", module, err, out)
		}

		for _, b := range builds {
			if !b.fixed() {
				continue
			}
			args := slices.Concat(timerArgs, b.flags)
			if err := statedBounds(kafix, unfixedSrc, module, b, args, p.stated); err != nil {
				kafixErrs = append(kafixErrs, err)
			}

			fixedSrc := p.path(module, b, "src")
			cmd := exec.Command(kafix, append(args, "./...")...)
			cmd.Dir = fixedSrc
			cmd.Env = goEnv()
			out, err := cmd.CombinedOutput()
			fmt.Fprintf(log, "$ kafix %s ./...  (in a copy of testdata/%s)\n%s", strings.Join(args, " "), module, out)
			if err != nil {
				kafixErrs = append(kafixErrs, fmt.Errorf("kafix %s ./... on testdata/%s: %v (see its output above)", strings.Join(args, " "), module, err))
			}
			if diff, err := exec.Command("diff", "-ru", unfixedSrc, fixedSrc).CombinedOutput(); len(diff) > 0 {
				fmt.Fprintf(log, "$ diff -ru unfixed %s\n%s", b.name, diff)
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
				p.changed[buildKey(b, s)] = !same
			}
			// The reporting code only reads options; if kafix rewrote it, the
			// measurement could no longer be trusted.
			same, err := sameTree(filepath.Join(unfixedSrc, "internal"), filepath.Join(fixedSrc, "internal"))
			if err != nil {
				return nil, errors.Join(kafixErrs...), err
			}
			if !same {
				return nil, errors.Join(kafixErrs...), fmt.Errorf("kafix %s rewrote testdata/%s/internal, which only reads socket options and has no site", b.name, module)
			}

			// At once; then, if that fails, shape by shape, so that one
			// shape kafix broke does not hide the others.
			if err := goCmd(fixedSrc, "build", "-o", p.path(module, b, "bin")+"/", "./...").Run(); err == nil {
				continue
			}
			for _, s := range shapes {
				if s.module != module {
					continue
				}
				if out, err := goCmd(fixedSrc, "build", "-o", p.path(module, b, "bin")+"/", "./"+s.pkg).CombinedOutput(); err != nil {
					p.fixedBuildErr[buildKey(b, s)] = fmt.Errorf("%s (testdata/%s/%s) as kafix fixed it under %s does not build: %v\n%s", s.name, module, s.pkg, b.name, err, out)
					fmt.Fprintf(log, "%v\n", p.fixedBuildErr[buildKey(b, s)])
				}
			}
		}
	}
	return p, errors.Join(kafixErrs...), nil
}

// statedBoundRE finds the bound a diagnostic states for a dead idle peer
// after its fix: the first duration after "within".
var statedBoundRE = regexp.MustCompile(`\bwithin (?:about )?((?:\d+h)?(?:\d+m)?(?:\d+(?:\.\d+)?s)?)\b`)

// statedBounds runs kafix -json with args on the unfixed copy of module
// (which it does not write) and records, for each shape of the module
// under build b, the bound its diagnostic states for a dead idle peer
// after the fix, if it states one.
func statedBounds(kafix, dir, module string, b build, args []string, stated map[string]time.Duration) error {
	cmd := exec.Command(kafix, append(slices.Concat([]string{"-json"}, args), "./...")...)
	cmd.Dir = dir
	cmd.Env = goEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ee := (*exec.ExitError)(nil); err != nil && !(errors.As(err, &ee) && ee.ExitCode() == 3) {
		return fmt.Errorf("kafix -json %s on testdata/%s: %v\n%s", strings.Join(args, " "), module, err, stderr.Bytes())
	}
	var diags []map[string]any
	if err := json.Unmarshal(out, &diags); err != nil {
		return fmt.Errorf("kafix -json %s on testdata/%s: %v\n%s", strings.Join(args, " "), module, err, out)
	}
	for _, d := range diags {
		file, _ := d["file"].(string)
		rel, err := filepath.Rel(dir, file)
		if err != nil {
			continue
		}
		pkg, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		// The message first, then any other text the diagnostic carries
		// (the fix's own message).
		texts := []string{fmt.Sprint(d["message"])}
		for _, k := range slices.Sorted(maps.Keys(d)) {
			if k != "message" {
				texts = appendStrings(texts, d[k])
			}
		}
		for _, s := range shapes {
			if s.module != module || s.pkg != pkg {
				continue
			}
			for _, text := range texts {
				if m := statedBoundRE.FindStringSubmatch(text); m != nil && m[1] != "" {
					if dur, err := time.ParseDuration(m[1]); err == nil {
						stated[buildKey(b, s)] = dur
						break
					}
				}
			}
		}
	}
	return nil
}

// appendStrings appends the strings in v, a decoded JSON value, to texts.
func appendStrings(texts []string, v any) []string {
	switch v := v.(type) {
	case string:
		texts = append(texts, v)
	case []any:
		for _, e := range v {
			texts = appendStrings(texts, e)
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			texts = appendStrings(texts, v[k])
		}
	}
	return texts
}

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

// idleBound is the longest a socket with these timers can take to notice
// a dead idle peer: the peer's last answer came at most one probing
// period before the cut, and then count probes go unanswered, interval
// apart. Linux probes a live idle peer every max(idle, interval): after
// an answered probe the timer waits interval before it looks again. So
// the bound is idle + interval*count only where idle >= interval; Go's
// KeepAlive field on a Go 1.23+ toolchain (idle d, interval 15s, 9
// probes) gives 15s + 9*15s = 150s for any d <= 15s, measured here (a
// KeepAlive of 1s noticed after 146s).
func (o opts) idleBound() time.Duration {
	return time.Duration(max(o.idle, o.intvl)+o.intvl*o.cnt) * time.Second
}

// lastProbes is how long the unanswered probes take: a dead idle peer is
// noticed no sooner after the cut, since the last answered probe came at
// most a probing period before it.
func (o opts) lastProbes() time.Duration {
	return time.Duration(o.intvl*o.cnt) * time.Second
}

func (o opts) userTimeout() time.Duration { return time.Duration(o.ut) * time.Millisecond }

var (
	// wantTimers are the policy's timers on a socket, without the user timeout.
	wantTimers    = opts{keepalive: 1, idle: int(fixIdle / time.Second), intvl: int(fixInterval / time.Second), cnt: fixCount}
	wantGoDefault = opts{1, 15, 15, 9, 0} // net's implicit default, and no user timeout
)

// checkOpts returns what is wrong with the options o that the program of
// shape s, as build b made it, reports for its socket, or "".
func (p *programs) checkOpts(b build, s shape, o opts) string {
	switch {
	case !b.fixed() && s.raw:
		if o.keepalive != 0 || o.ut != 0 {
			return fmt.Sprintf("got %s, want keepalive=0 and ut=0 (raw sockets get no keepalive and no user timeout)", o)
		}
		return ""
	case !b.fixed():
		if o != wantGoDefault {
			return fmt.Sprintf("got %s, want Go's default %s", o, wantGoDefault)
		}
		return ""
	case b.userTimeout:
		want := wantTimers
		want.ut = int(fixBound / time.Millisecond)
		if o != want {
			return fmt.Sprintf("got %s, want %s%s", o, want, p.unchangedHint(b, s))
		}
	case s.oldGo():
		// Keepalive only, in files without KeepAliveConfig: the field
		// they have, whose bound is Go's own at most.
		switch {
		case o.keepalive != 1 || o.ut != 0:
			return fmt.Sprintf("got %s, want keepalive=1 and ut=0%s", o, p.unchangedHint(b, s))
		case o.idleBound() > goImplicitBound:
			return fmt.Sprintf("got %s: a dead idle peer is noticed within %v, slower than Go's implicit %v", o, o.idleBound(), goImplicitBound)
		}
	default:
		if o != wantTimers {
			return fmt.Sprintf("got %s, want %s%s", o, wantTimers, p.unchangedHint(b, s))
		}
	}
	// Every fix: no slower than its diagnostic says.
	if stated := p.stated[buildKey(b, s)]; stated > 0 && o.idleBound() > stated {
		return fmt.Sprintf("got %s: a dead idle peer is noticed within %v, slower than the %v its diagnostic states", o, o.idleBound(), stated)
	}
	return ""
}

// unchangedHint explains a fixed shape's wrong options when kafix did not
// change its package at all.
func (p *programs) unchangedHint(b build, s shape) string {
	if p.changed[buildKey(b, s)] {
		return ""
	}
	return fmt.Sprintf(" (kafix %s did not change testdata/%s/%s)", b.name, s.module, s.pkg)
}

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

// TestLiveKeepaliveOptions runs every program shape, as written and fixed
// under each policy, against a loopback peer and checks the keepalive
// options and the user timeout that the kernel reports for the program's
// own socket (for a server, the socket it accepted): the policy's timers,
// and TCP_USER_TIMEOUT only where the policy asks for it.
func TestLiveKeepaliveOptions(t *testing.T) {
	t.Parallel()
	p := buildPrograms(t)
	for _, b := range builds {
		for _, s := range shapes {
			name := buildKey(b, s)
			t.Run(name, func(t *testing.T) {
				if err := p.fixedBuildErr[name]; err != nil {
					t.Fatal(err)
				}
				got := liveOpts(t, p.bin(b, s), s)
				t.Logf("OPTS %s %s", name, got)
				if s.oldGo() && b.name == defaultBuild.name {
					t.Logf("%s: a dead idle peer is noticed within %v (Go's implicit %v; its diagnostic states %v)", name, got.idleBound(), goImplicitBound, p.stated[name])
				}
				if msg := p.checkOpts(b, s, got); msg != "" {
					t.Errorf("%s: %s", name, msg)
				}
			})
		}
	}
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

// detectSlack is how late after its bound a program may notice: time
// for scheduling on a loaded machine, and the kernel's timer wheel, which
// may fire each keepalive timer late by its level's granularity (with
// HZ=250, 256ms for the 15s interval of Go's fields before go1.23: nine
// of them, some 2.3s, and twice that with HZ=1000).
func detectSlack(bound time.Duration) time.Duration {
	return 1500*time.Millisecond + bound/16
}

const (
	// earlyTolerance is how much sooner than its options allow a program
	// may notice (timer granularity) before that is not their doing.
	earlyTolerance = time.Second
	// The unfixed programs, and busy ones fixed with keepalive only, must
	// still be blocked this long after the cut.
	unfixedBlocked = 20 * time.Second
	// Before the cut the connections stay idle, the peer alive but silent,
	// for three times the policy's bound: a fixed program must not drop a
	// live peer that merely has nothing to say. (A go1.22 program fixed
	// with keepalive only may have a bound of Go's 150s, three times
	// which this test does not wait; its live peer answers a probe every
	// 15s, at least once in this time.)
	soakFor = 3 * fixBound
)

// deadPeerCase is one program under test in TestDeadPeer.
type deadPeerCase struct {
	s    shape
	b    build
	busy bool
	name string
	p    *proc
	peer *proc // the peer that dialed a server
	opts opts  // what its socket reported before the cut

	// What must happen after the cut, set by expect from its options:
	// its read fails between failFrom and failBy after the cut; or, where
	// failBy is 0, it is still blocked blockedFor after the cut.
	failFrom, failBy time.Duration
	blockedFor       time.Duration
	why              string // what ends the connection, or why nothing does

	result string // for the table
}

// expect sets what must happen to tc after the cut, from its options.
func (tc *deadPeerCase) expect() {
	o := tc.opts
	switch {
	case !tc.b.fixed():
		tc.blockedFor = unfixedBlocked
		tc.why = "as written: Go's implicit keepalive, 15s + 9 x 15s, or none"
	case tc.busy && tc.b.userTimeout:
		// Its byte goes out right after the cut and is never
		// acknowledged: the user timeout counts from then.
		tc.failFrom, tc.failBy = o.userTimeout()-earlyTolerance, o.userTimeout()+detectSlack(o.userTimeout())
		tc.why = "the user timeout after its write"
	case tc.busy:
		// Keepalive sends no probe while data is in flight: with
		// keepalive only, the connection waits for the system's
		// retransmission limit (about 15 minutes on Linux), long after
		// idle detection would have noticed.
		bound := min(o.idleBound(), goImplicitBound)
		tc.blockedFor = max(unfixedBlocked, bound+detectSlack(bound))
		tc.why = "keepalive only: data in flight waits for the retransmission limit"
	default:
		// The last answered probe came at most a probing period before
		// the cut; the unanswered ones take interval*count (the user
		// timeout, where it is idle + interval*count, ends it then too).
		bound := min(o.idleBound(), goImplicitBound)
		tc.failFrom, tc.failBy = o.lastProbes()-earlyTolerance, bound+detectSlack(bound)
		tc.why = fmt.Sprintf("keepalive's timers: within %v", o.idleBound())
	}
}

// decidedAt is how long after the cut tc's verdict is known.
func (tc *deadPeerCase) decidedAt() time.Duration {
	return cmp.Or(tc.failBy, tc.blockedFor)
}

// judge waits until tc's verdict is known and records it.
func (tc *deadPeerCase) judge(t *testing.T, cut time.Time) {
	t.Helper()
	l, err := tc.p.next("READ_ERR", cut.Add(tc.decidedAt()))
	detect := l.at.Sub(cut)
	switch {
	case err != nil && !errors.Is(err, errTimeout):
		tc.result = "error"
		t.Errorf("%s: %v", tc.name, err)
	case tc.failBy == 0 && err != nil:
		tc.result = fmt.Sprintf("blocked>%.0fs", tc.blockedFor.Seconds())
		t.Logf("DETECT %s still-blocked-after %.1fs (%s)", tc.name, time.Since(cut).Seconds(), tc.why)
	case tc.failBy == 0:
		tc.result = fmt.Sprintf("%.1fs", detect.Seconds())
		t.Errorf("%s: read failed %.2fs after the cut (%s); want it still blocked after %v (%s)",
			tc.name, detect.Seconds(), l.text, tc.blockedFor, tc.why)
	case err != nil:
		tc.result = "none"
		t.Errorf("DETECT %s none: read still blocked %v after the cut; want it to fail by then (%s, + slack)",
			tc.name, tc.failBy, tc.why)
	default:
		tc.result = fmt.Sprintf("%.1fs", detect.Seconds())
		t.Logf("DETECT %s %.2fs (%s; %s)", tc.name, detect.Seconds(), tc.why, l.text)
		if detect < tc.failFrom {
			t.Errorf("%s: read failed %.2fs after the cut, sooner than %s could have noticed (>= %v): %s", tc.name, detect.Seconds(), tc.why, tc.failFrom, l.text)
		}
	}
}

// lateResult looks, at the end, for a failure that came after tc's
// verdict: a fixed program that failed too late (already an error) has
// its time recorded; an unfixed program may fail later (Go's implicit
// keepalive), and this only records it; a busy program fixed with
// keepalive only must wait for the system's retransmission limit, much
// longer than any test, and this is an error.
func (tc *deadPeerCase) lateResult(t *testing.T, cut time.Time) {
	t.Helper()
	if tc.result != "none" && !strings.HasPrefix(tc.result, "blocked") {
		return
	}
	l, err := tc.p.next("READ_ERR", time.Now())
	if err != nil {
		return
	}
	detect := l.at.Sub(cut)
	if tc.result == "none" {
		tc.result = fmt.Sprintf("late %.1fs", detect.Seconds())
		t.Logf("DETECT %s %.2fs, late (%s; %s)", tc.name, detect.Seconds(), tc.why, l.text)
		return
	}
	tc.result = fmt.Sprintf("%.1fs", detect.Seconds())
	if tc.b.fixed() {
		t.Errorf("%s: read failed %.2fs after the cut (%s); want it still blocked (%s)", tc.name, detect.Seconds(), l.text, tc.why)
		return
	}
	t.Logf("DETECT %s %.2fs (%s; %s)", tc.name, detect.Seconds(), tc.why, l.text)
}

// TestDeadPeer cuts the link under live connections and measures when the
// blocked reads of the programs fail, as written and fixed under each
// policy.
//
// Two network namespaces joined by a veth pair with a private /30
// (10.231.x.y, which exists only inside them): every shape runs, in each
// build, idle and busy, in one; their peers run in the other and never
// write, and have no keepalive, so that they are silent on the wire too:
// the unfixed rawserver, which every client dials, and an unfixed rawclient
// for each server under test. Once every connection has been idle for three
// times the bound, the peers' end of the veth is taken down, and then each
// busy program writes one byte, which is never acknowledged: keepalive sends
// no probe while data is in flight, so only the user timeout can end that
// connection. What each read must do is set by expect from the options its
// socket reported: the idle fixed ones fail within idle + interval*count
// (plus slack), and so do the busy ones fixed with the user timeout; the
// busy ones fixed with keepalive only and the unfixed ones are still
// blocked 20s after the cut, or later.
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

	// Some 110 programs start at once, perhaps on a machine with few cores.
	deadline := time.Now().Add(60 * time.Second)
	peerSrv := startProc(t, c, "peer rawserver", "ip", "netns", "exec", peerNS, p.bin(unfixedBuild, shapeNamed("rawserver")), "-addr", peerIP+":0")
	l, err := peerSrv.next("LISTEN ", deadline)
	if err != nil {
		t.Fatalf("peer rawserver: %v", err)
	}
	peerAddr := strings.TrimPrefix(l.text, "LISTEN ")

	var cases []*deadPeerCase
	for _, s := range shapes {
		for _, b := range builds {
			if err := p.fixedBuildErr[buildKey(b, s)]; err != nil {
				t.Errorf("%s: %v", buildKey(b, s), err)
				continue
			}
			for _, busy := range []bool{false, true} {
				tc := &deadPeerCase{s: s, b: b, busy: busy}
				tc.name = buildKey(b, s) + "/" + busyWord(busy)
				argv := []string{"ip", "netns", "exec", testNS, p.bin(b, s), "-addr", peerAddr}
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
		tc.peer = startProc(t, c, tc.name+" peer", "ip", "netns", "exec", peerNS, p.bin(unfixedBuild, shapeNamed("raw")), "-addr", strings.TrimPrefix(l.text, "LISTEN "))
	}
	for _, tc := range cases {
		l, err := tc.p.next("OPTS", deadline)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if tc.opts, err = parseOpts(l.text); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		t.Logf("OPTS %s %s", tc.name, tc.opts)
		if msg := p.checkOpts(tc.b, tc.s, tc.opts); msg != "" {
			t.Errorf("%s: %s: the dead-peer timing below follows the options the socket has", tc.name, msg)
		}
		tc.expect()
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
	t.Logf("all %d connections idle and alive for %v (3 x the bound %v), keepalive only and with the user timeout", len(cases), time.Since(soakStart).Round(100*time.Millisecond), fixBound)
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

	// Lines are judged by when they arrived, so the order of the waits
	// does not matter; soonest first keeps the log in time order.
	order := slices.Clone(cases)
	slices.SortStableFunc(order, func(a, b *deadPeerCase) int { return cmp.Compare(a.decidedAt(), b.decidedAt()) })
	for _, tc := range order {
		tc.judge(t, cut)
	}
	for _, tc := range cases {
		tc.lateResult(t, cut)
	}

	if os.Getenv("KAFIX_DEADPEER_FULL") != "" {
		// Go's implicit default: 15s idle, then 9 probes 15s apart. (Busy,
		// the unfixed programs retransmit for tcp_retries2, some 15 minutes.)
		limit := cut.Add(goImplicitBound + 30*time.Second)
		for _, tc := range cases {
			if tc.b.fixed() || tc.busy || tc.s.raw || !strings.HasPrefix(tc.result, "blocked") {
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
			if !tc.b.fixed() && !tc.busy && tc.s.raw {
				if tc.p.exited() {
					t.Errorf("%s exited; want it blocked (Linux default 7200s + 9*75s)", tc.name)
				} else {
					tc.result = fmt.Sprintf("blocked>%.0fs", time.Since(cut).Seconds())
					t.Logf("DETECT %s still-blocked-after %.1fs", tc.name, time.Since(cut).Seconds())
				}
			}
		}
	}

	// The table: detection time after the cut, per shape.
	var tb strings.Builder
	fmt.Fprintf(&tb, "%-12s", "shape")
	for _, busy := range []bool{false, true} {
		for _, b := range builds {
			fmt.Fprintf(&tb, " %13s", busyWord(busy)+" "+b.name)
		}
	}
	tb.WriteString("\n")
	for _, s := range shapes {
		fmt.Fprintf(&tb, "%-12s", s.name)
		for _, busy := range []bool{false, true} {
			for _, b := range builds {
				r := "-"
				for _, tc := range cases {
					if tc.s.name == s.name && tc.b.name == b.name && tc.busy == busy && tc.result != "" {
						r = tc.result
					}
				}
				fmt.Fprintf(&tb, " %13s", r)
			}
		}
		tb.WriteString("\n")
	}
	t.Logf("read failed after the cut (policy bound %v; fixed idle, and busy with the user timeout, within their bound + %v or so):\n%s", fixBound, detectSlack(fixBound), tb.String())
	t.Logf("dead-peer test: %v from the cut to the last verdict", time.Since(cut).Round(100*time.Millisecond))
	t.Log("DEADPEER-RAN")
}

// ---------------------------------------------------------------------------
// The cost of the user timeout.

const (
	// A writer fixed with the user timeout whose peer keeps its window
	// shut is dropped once the user timeout has passed since the window
	// shut: not sooner...
	fillDropMin = fixBound - time.Second
	// ... and soon after (the zero-window probe timer fires at most at the
	// user timeout; slack for scheduling).
	fillDropMax = fixBound + 1500*time.Millisecond
	// An unfixed writer, or one fixed with keepalive only, must still be
	// waiting this long.
	fillKeptFor = 20 * time.Second
)

// TestUserTimeoutCost measures what the user timeout costs: a program that
// writes to a live peer which has stopped reading fills the peer's receive
// buffer, the peer's window shuts, and the program's writes block. The peer
// answers every zero-window probe, but the data stays unacknowledged, and so
// the connection of a program fixed with the user timeout is dropped once
// it has passed, while the unfixed program, and one fixed with keepalive
// only, waits for as long as the peer does. A consumer that pauses for
// longer than the user timeout loses its connection: that is the price of
// noticing a dead peer with data in flight. Loopback; any user.
//
// Every shape runs at once, in every build, each with -fill, against a
// peer of the test's that holds its connections open and never reads.
func TestUserTimeoutCost(t *testing.T) {
	t.Parallel()
	p := buildPrograms(t)
	c := newCleanups(t)

	type fillCase struct {
		s    shape
		b    build
		name string
		p    *proc
		opts outLine
	}
	var cases []*fillCase
	for _, s := range shapes {
		for _, b := range builds {
			name := buildKey(b, s)
			if err := p.fixedBuildErr[name]; err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			fc := &fillCase{s: s, b: b, name: name}
			fc.p = startLoopback(t, c, name, p.bin(b, s), s, "-fill")
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
		} else if msg := p.checkOpts(fc.b, fc.s, o); msg != "" {
			t.Errorf("%s: %s: the timing below cannot hold", fc.name, msg)
		}
	}

	// By now every writer is blocked on a shut window: the kernel probes it
	// (timer:persist), and the peer's kernel answers.
	time.Sleep(time.Until(connected.Add(2 * time.Second)))
	if out, err := exec.Command("ss", "-tno", "state", "established").CombinedOutput(); err == nil {
		t.Logf("ss: %d loopback connections probing a zero window (timer:(persist...)), of %d writers",
			bytes.Count(out, []byte("timer:(persist")), len(cases))
	}

	results := map[string]string{}
	for _, fc := range cases {
		dropped := fc.b.userTimeout
		limit := fc.opts.at.Add(fillKeptFor)
		if dropped {
			limit = fc.opts.at.Add(fillDropMax + 5*time.Second) // filling the buffers takes a moment
		}
		l, err := fc.p.next("WRITE_ERR ", limit)
		switch {
		case errors.Is(err, errTimeout) && !dropped:
			results[fc.name] = fmt.Sprintf("waits >%.0fs", time.Since(fc.opts.at).Seconds())
			t.Logf("FILL %s still writing after %.1fs", fc.name, time.Since(fc.opts.at).Seconds())
			continue
		case errors.Is(err, errTimeout):
			results[fc.name] = "none"
			t.Errorf("FILL %s: not dropped %v after it connected; want it dropped about the user timeout %v after the peer's window shut", fc.name, fillDropMax+5*time.Second, fixBound)
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
		case !dropped:
			t.Errorf("%s: without the user timeout, its write failed after %v (%s); want it still waiting after %v, as the contrast to the user timeout", fc.name, blocked, l.text, fillKeptFor)
		case blocked < fillDropMin || blocked > fillDropMax:
			t.Errorf("%s: dropped after its write was blocked %v; want within [%v, %v], the user timeout %v", fc.name, blocked, fillDropMin, fillDropMax, fixBound)
		}
	}
	var tb strings.Builder
	fmt.Fprintf(&tb, "%-12s", "shape")
	for _, b := range builds {
		fmt.Fprintf(&tb, " %20s", b.name)
	}
	tb.WriteString("\n")
	for _, s := range shapes {
		fmt.Fprintf(&tb, "%-12s", s.name)
		for _, b := range builds {
			fmt.Fprintf(&tb, " %20s", results[buildKey(b, s)])
		}
		tb.WriteString("\n")
	}
	t.Logf("a writer to a live peer that keeps its window shut: dropped after its write was blocked (user timeout %v under auto):\n%s", fixBound, tb.String())
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
