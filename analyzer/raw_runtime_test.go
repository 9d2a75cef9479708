//go:build linux

package analyzer_test

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/kafix/kafix/analyzer"
)

// TestRawRuntime proves at run time that the raw fixes configure live
// sockets: it fixes the programs of testdata/rawrun with the analyzer
// (a policy of 7s idle, 3s interval and 4 probes, so that no default
// can pass for it), builds them as written and as fixed, and reads
// SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT back from
// the kernel with getsockopt on their sockets connected over loopback:
//
//   - client: syscall.Socket, connecting;
//   - unixclient: a constructor of another package over x/sys/unix;
//   - holderclient: a constructor of another package whose result, a
//     *sock.Conn, holds the fd (configured through its SyscallConn);
//   - server: an x/sys/unix listening socket, whose accepted socket
//     inherits the listener's options (the fix relies on that on
//     Linux).
func TestRawRuntime(t *testing.T) {
	cfg := defaultConfig()
	cfg.Policy.Idle, cfg.Policy.Interval, cfg.Policy.Count = 7*time.Second, 3*time.Second, 4
	const want = "OPTS keepalive=1 idle=7 intvl=3 cnt=4"

	orig, fixed := t.TempDir(), t.TempDir()
	copyTree(t, filepath.Join(testdata(t), "rawrun"), orig)
	copyTree(t, filepath.Join(testdata(t), "rawrun"), fixed)
	rawUnixModule(t) // x/sys in the module cache
	env := []string{"GO111MODULE=on", "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off", "CGO_ENABLED=0"}

	fixedFiles := applyFixes(t, fixed, env, cfg)
	slices.Sort(fixedFiles)
	if wantFiles := []string{"client/main.go", "holderclient/main.go", "server/main.go", "unixclient/main.go"}; !slices.Equal(fixedFiles, wantFiles) {
		t.Fatalf("the analyzer fixed %v, want %v", fixedFiles, wantFiles)
	}

	bins := map[string]string{}
	for _, tree := range []string{orig, fixed} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(tree, "bin")+"/", "./...")
		cmd.Dir = tree
		cmd.Env = append(os.Environ(), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build in %s: %v\n%s", tree, err, out)
		}
		bins[tree] = filepath.Join(tree, "bin")
	}

	for _, prog := range []string{"client", "unixclient", "holderclient", "server"} {
		t.Run(prog, func(t *testing.T) {
			before := runRaw(t, filepath.Join(bins[orig], prog))
			after := runRaw(t, filepath.Join(bins[fixed], prog))
			t.Logf("as written: %s; fixed: %s", before, after)
			if !strings.HasPrefix(before, "OPTS keepalive=0 ") {
				t.Errorf("as written, %s reports %q: want keepalive=0 (the point of the fix)", prog, before)
			}
			if after != want {
				t.Errorf("fixed, %s reports %q, want %q", prog, after, want)
			}
		})
	}
}

// runRaw runs a test program against a loopback peer and returns its
// OPTS line: a client is given a listener to connect to; the server
// prints its port and gets a connection.
func runRaw(t *testing.T, bin string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var cmd *exec.Cmd
	var ln net.Listener
	if filepath.Base(bin) != "server" {
		var err error
		ln, err = net.Listen("tcp4", "127.0.0.1:0")
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
				defer c.Close()
			}
		}()
		cmd = exec.CommandContext(ctx, bin, "-addr", ln.Addr().String())
	} else {
		cmd = exec.CommandContext(ctx, bin, "-ip", "127.0.0.1")
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		line := sc.Text()
		if port, ok := strings.CutPrefix(line, "PORT "); ok {
			c, err := net.Dial("tcp4", "127.0.0.1:"+port)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
		}
		if strings.HasPrefix(line, "OPTS ") {
			return line
		}
	}
	cmd.Wait()
	t.Fatalf("%s printed no OPTS line; stderr:\n%s", bin, stderr.String())
	return ""
}

// applyFixes analyzes the module at dir with an analyzer for cfg,
// applies the first fix of every diagnostic to the files, and returns
// the files it changed, relative to dir.
func applyFixes(t *testing.T, dir string, env []string, cfg analyzer.Config) []string {
	t.Helper()
	pcfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Env: append(os.Environ(), env...)}
	pkgs, err := packages.Load(pcfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.New(cfg)}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	edits := make(fileEdits)
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			t.Fatalf("%s: %v", act.Package.ID, act.Err)
		}
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				t.Errorf("%s: no fix: %s", act.Package.Fset.Position(d.Pos), d.Message)
				continue
			}
			edits.add(act.Package.Fset, d.SuggestedFixes[0])
		}
	}
	var changed []string
	for name := range edits {
		if err := os.WriteFile(name, edits.apply(t, name), 0o644); err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, name)
		changed = append(changed, filepath.ToSlash(rel))
	}
	return changed
}
