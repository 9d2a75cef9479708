//go:build linux

package main

// Run-time proof of the gates (-gate=flag, -gate=env): kafix fixes
// copies of testdata/programs and testdata/gateprograms behind each gate; the fixed programs are
// run with the gate on, off and (env) tuned, and each prints the
// keepalive options of its live connected socket, read back from the
// kernel with getsockopt (SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL,
// TCP_KEEPCNT, and, for the programs of testdata/programs, whose report
// prints it, TCP_USER_TIMEOUT). With the gate on they carry kafix's policy
// (or the environment's values); with it off they must be exactly those of
// the unfixed program.
//
//	go test ./cmd/kafix -run TestGate -v

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The policy the gated programs are fixed with: none of Go's (15s, 15s,
// 9) nor kafix's defaults (30s, 10s, 5), so that each is recognised.
var gateKafixArgs = []string{"-idle=21s", "-interval=7s", "-count=4", "-user-timeout=auto"} // the user timeout is opt-in

var gatePolicy = gateOpts{keepalive: 1, idle: 21, intvl: 7, cnt: 4, ut: (21 + 7*4) * 1000}

// gateShapes are the programs the test fixes and runs: those of
// testdata/programs, and those of testdata/gateprograms, whose sites
// turn keepalive off or predate go1.23. For each: whether the test
// dials it (a server) or it dials the test. (Before go1.23 a fix cannot
// use KeepAliveConfig and sets every option in a Control function
// instead: the same options either way.)
var gateShapes = []struct {
	module string
	name   string
	server bool
	raw    bool
	// setsOff: the site is SetKeepAlive(false), which the flag gate
	// turns into SetKeepAliveConfig with Enable set to the flag: with
	// the flag off, keepalive is off as before, but Go writes the
	// timer options anyway, where, with keepalive off, they do nothing.
	setsOff bool
}{
	{"programs", "dialclient", false, false, false},    // net.Dial: a configured Dialer
	{"programs", "server", true, false, false},         // net.Listen: a configured ListenConfig
	{"programs", "dialtcpclient", false, false, false}, // net.DialTCP: the conn configured after its check
	{"programs", "rawclient", false, true, false},      // syscall.Socket: setsockopt after its check
	{"programs", "rawserver", true, true, false},       // a raw listening socket: its accepted fds inherit
	{"gateprograms", "dialoff", false, false, false},   // Dialer{KeepAlive: -1}: off, and off again with the gate off
	{"gateprograms", "setoff", false, false, true},     // SetKeepAlive(false): likewise
	{"gateprograms", "oldapi", false, false, false},    // a go1.22 file: no KeepAliveConfig, a Control function
}

// gateOpts are a socket's keepalive options as a program prints them, and
// its user timeout in milliseconds: gateKafixArgs's -user-timeout=auto
// makes it idle + interval*count, and the environment's values do not change it. A ut of
// -1 is one a program does not print (those of testdata/gateprograms).
type gateOpts struct{ keepalive, idle, intvl, cnt, ut int }

func (o gateOpts) String() string {
	if o.ut < 0 {
		return fmt.Sprintf("keepalive=%d idle=%d intvl=%d cnt=%d", o.keepalive, o.idle, o.intvl, o.cnt)
	}
	return fmt.Sprintf("keepalive=%d idle=%d intvl=%d cnt=%d ut=%d", o.keepalive, o.idle, o.intvl, o.cnt, o.ut)
}

// matches reports whether o is want, the user timeout compared only where
// the program printed it.
func (o gateOpts) matches(want gateOpts) bool {
	if o.ut < 0 || want.ut < 0 {
		o.ut, want.ut = 0, 0
	}
	return o == want
}

// gatePrograms are the modules of programs built three ways.
type gatePrograms struct {
	bin     map[string]string          // build ("unfixed", "flag", "env") -> directory of binaries
	fixed   map[string]map[string]bool // build -> shape -> kafix changed it
	builtOK map[string]map[string]bool // build -> shape -> it built
}

var (
	gateProgramsOnce sync.Once
	gateProgramsVal  *gatePrograms
	gateProgramsErr  error
)

// buildGatePrograms copies each module of programs three times, fixes
// two of the copies with kafix -gate=flag and -gate=env, checks that a
// second run of kafix, under any gate, changes nothing, and builds all
// three.
func buildGatePrograms(t *testing.T) *gatePrograms {
	t.Helper()
	kafix := kafixBinary(t)
	gateProgramsOnce.Do(func() {
		gateProgramsVal, gateProgramsErr = doBuildGatePrograms(t, kafix)
	})
	if gateProgramsErr != nil {
		t.Fatal(gateProgramsErr)
	}
	return gateProgramsVal
}

func doBuildGatePrograms(t *testing.T, kafix string) (*gatePrograms, error) {
	tmp, err := os.MkdirTemp("", "kafix-gate-programs-")
	if err != nil {
		return nil, err
	}
	atExit(func() { os.RemoveAll(tmp) })
	p := &gatePrograms{bin: map[string]string{}, fixed: map[string]map[string]bool{}, builtOK: map[string]map[string]bool{}}
	for _, build := range []string{"unfixed", "flag", "env"} {
		p.fixed[build] = map[string]bool{}
		p.builtOK[build] = map[string]bool{}
		p.bin[build] = filepath.Join(tmp, build+"-bin")
	}
	for _, module := range []string{"programs", "gateprograms"} {
		src, err := filepath.Abs(filepath.Join("..", "..", "testdata", module))
		if err != nil {
			return nil, err
		}
		for _, build := range []string{"unfixed", "flag", "env"} {
			dir := filepath.Join(tmp, module, build)
			if err := gateCopyDir(src, dir); err != nil {
				return nil, err
			}
			if build != "unfixed" {
				args := append(append([]string{"-gate=" + build}, gateKafixArgs...), "./...")
				out, err := gateRun(dir, kafix, args...)
				t.Logf("$ kafix %s  (in a copy of testdata/%s)\n%s", strings.Join(args, " "), module, out)
				if err != nil {
					return nil, fmt.Errorf("kafix %s on testdata/%s: %v", strings.Join(args, " "), module, err)
				}
				// Idempotent: a second run, under this gate, another or
				// none, finds nothing to change (and adds no second gate).
				for _, again := range []string{"-gate=" + build, "-gate=none", "-gate=flag", "-gate=env"} {
					out, _ := gateRun(dir, kafix, append(append([]string{"-diff", again}, gateKafixArgs...), "./...")...)
					if strings.Contains(out, "\n+++ ") || strings.HasPrefix(out, "--- ") {
						return nil, fmt.Errorf("kafix -diff %s on the -gate=%s fixed testdata/%s changes it again:\n%s", again, build, module, out)
					}
				}
			}
			for _, s := range gateShapes {
				if s.module != module {
					continue
				}
				a, err1 := os.ReadFile(filepath.Join(src, s.name, "main.go"))
				b, err2 := os.ReadFile(filepath.Join(dir, s.name, "main.go"))
				if err1 != nil || err2 != nil {
					return nil, fmt.Errorf("reading %s: %v %v", s.name, err1, err2)
				}
				p.fixed[build][s.name] = !bytes.Equal(a, b)
				if out, err := gateRun(dir, "go", "build", "-o", p.bin[build]+"/", "./"+s.name); err != nil {
					t.Logf("%s (%s) does not build: %v\n%s", s.name, build, err, out)
					continue
				}
				p.builtOK[build][s.name] = true
			}
		}
	}
	return p, nil
}

// TestGateLiveOptions runs each program as kafix fixed it behind each
// gate, in each setting of the gate, and compares the live socket's
// options with what the setting promises: kafix's policy, the
// environment's values, or exactly the unfixed program's.
func TestGateLiveOptions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs programs")
	}
	p := buildGatePrograms(t)
	tuned := gateOpts{keepalive: 1, idle: 9, intvl: 3, cnt: 6, ut: gatePolicy.ut}
	for _, s := range gateShapes {
		t.Run(s.name, func(t *testing.T) {
			if !p.builtOK["unfixed"][s.name] {
				t.Fatalf("the unfixed %s does not build", s.name)
			}
			unfixed := gateMeasure(t, p.bin["unfixed"], s.name, s.server, nil, nil)
			t.Logf("unfixed: %v", unfixed)
			if unfixed.matches(gatePolicy) {
				t.Fatalf("the unfixed program already has the policy %v: the test would prove nothing", gatePolicy)
			}
			for _, c := range []struct {
				name  string
				build string
				args  []string
				env   []string
				want  gateOpts
			}{
				{"flag default (on)", "flag", nil, nil, gatePolicy},
				{"-tcp-keepalive=true", "flag", []string{"-tcp-keepalive=true"}, nil, gatePolicy},
				{"-tcp-keepalive=false", "flag", []string{"-tcp-keepalive=false"}, nil, unfixed},
				{"flag ignores KEEPALIVE=off", "flag", nil, []string{"KEEPALIVE=off"}, gatePolicy},
				{"env unset (on)", "env", nil, nil, gatePolicy},
				{"KEEPALIVE=on", "env", nil, []string{"KEEPALIVE=on"}, gatePolicy},
				{"KEEPALIVE=off", "env", nil, []string{"KEEPALIVE=off"}, unfixed},
				{"KEEPALIVE=OFF", "env", nil, []string{"KEEPALIVE=OFF"}, unfixed},
				{"KEEPIDLE=9 KEEPINTVL=3 KEEPCNT=6", "env", nil, []string{"KEEPIDLE=9", "KEEPINTVL=3", "KEEPCNT=6"}, tuned},
				{"KEEPIDLE=9 only", "env", nil, []string{"KEEPIDLE=9"}, gateOpts{1, 9, gatePolicy.intvl, gatePolicy.cnt, gatePolicy.ut}},
				{"invalid values keep the defaults", "env", nil, []string{"KEEPIDLE=abc", "KEEPINTVL=-5", "KEEPCNT=1000"}, gatePolicy},
				{"out of range keeps the defaults", "env", nil, []string{"KEEPIDLE=99999999999999999999", "KEEPINTVL=0", "KEEPCNT="}, gatePolicy},
			} {
				t.Run(c.name, func(t *testing.T) {
					if !p.fixed[c.build][s.name] {
						if s.raw {
							t.Skipf("kafix -gate=%s did not change %s: raw sockets are not fixed yet", c.build, s.name)
						}
						t.Fatalf("kafix -gate=%s did not change %s", c.build, s.name)
					}
					if !p.builtOK[c.build][s.name] {
						t.Fatalf("%s as kafix -gate=%s fixed it does not build", s.name, c.build)
					}
					got := gateMeasure(t, p.bin[c.build], s.name, s.server, c.args, c.env)
					if s.setsOff && c.build == "flag" && c.want.keepalive == 0 {
						// Only SO_KEEPALIVE counts: the timers are inert.
						if got.keepalive != 0 {
							t.Errorf("%s %v: live socket has %v, want keepalive=0 like the unfixed %v", s.name, c.args, got, unfixed)
						}
						t.Logf("with keepalive off as before, the inert timers read %v (unfixed %v)", got, unfixed)
						return
					}
					t.Logf("live: %v", got)
					if !got.matches(c.want) {
						t.Errorf("%s %v %v: live socket has %v, want %v (unfixed: %v)", s.name, c.args, c.env, got, c.want, unfixed)
					}
				})
			}
		})
	}
}

// gateMeasure runs one program and returns the options it prints for
// its live connected socket. A client dials a loopback listener of the
// test; the test dials a server.
func gateMeasure(t *testing.T, binDir, shape string, server bool, args, env []string) gateOpts {
	t.Helper()
	var (
		mu    sync.Mutex
		conns []net.Conn // held open, silent, until the measurement ends
	)
	hold := func(c net.Conn) {
		mu.Lock()
		conns = append(conns, c)
		mu.Unlock()
	}
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()
	addr := "127.0.0.1:0"
	if !server {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		go func() {
			for {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				hold(c)
			}
		}()
		addr = ln.Addr().String()
	}

	cmd := exec.Command(filepath.Join(binDir, shape), append([]string{"-addr=" + addr}, args...)...)
	cmd.Env = append(gateCleanEnv(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()

	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				cmd.Wait()
				t.Fatalf("%s %v %v ended before printing its options: %s", shape, args, env, stderr.String())
			}
			if rest, ok := strings.CutPrefix(l, "LISTEN "); ok && server {
				c, err := net.Dial("tcp", rest)
				if err != nil {
					t.Fatal(err)
				}
				hold(c)
				continue
			}
			if strings.HasPrefix(l, "OPTS_ERR") {
				t.Fatalf("%s: %s", shape, l)
			}
			var o gateOpts
			n, err := fmt.Sscanf(l, "OPTS keepalive=%d idle=%d intvl=%d cnt=%d ut=%d", &o.keepalive, &o.idle, &o.intvl, &o.cnt, &o.ut)
			if err == nil {
				return o
			}
			if n == 4 && !strings.Contains(l, "ut=") {
				o.ut = -1
				return o
			}
		case <-deadline:
			t.Fatalf("%s %v %v printed no options in 30s; stderr: %s", shape, args, env, stderr.String())
		}
	}
}

// gateCleanEnv is the test's environment without libkeepalive's
// variables, so that only a case's own settings reach the program.
func gateCleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "KEEPALIVE", "KEEPIDLE", "KEEPINTVL", "KEEPCNT":
			continue
		}
		env = append(env, kv)
	}
	return env
}

func gateRun(dir, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(gateCleanEnv(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func gateCopyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
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
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
