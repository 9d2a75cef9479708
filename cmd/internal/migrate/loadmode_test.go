package migrate

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/cmd/internal/testmodule"
)

// TestLoadMode: the dependencies come from export data; those that
// can export a fact are analyzed apart for it (dependencyFacts), and
// the findings are the same either way: a site covered by a helper of
// a dependency is not reported, whether the helper's package is named
// or only imported.
func TestLoadMode(t *testing.T) {
	dir := testmodule.Write(t, map[string]string{
		"helper/helper.go": `package helper

import (
	"net"
	"time"
)

// Enable turns keepalive on for d.
func Enable(d *net.Dialer) { d.KeepAlive = 30 * time.Second }
`,
		"plain/plain.go": `package plain

import "strings"

func Upper(s string) string { return strings.ToUpper(s) }
`,
		"app/app.go": `package app

import (
	"net"

	"example.com/m/helper"
	"example.com/m/plain"
)

func Covered(addr string) (net.Conn, error) {
	d := &net.Dialer{}
	helper.Enable(d)
	return d.Dial("tcp", plain.Upper(addr))
}

func Plain(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}
`,
		"app/app_test.go": `package app

import "testing"

func TestPlain(t *testing.T) { Plain("") }
`,
	})
	for _, tc := range []struct {
		pattern  string
		depFacts bool
	}{
		{"./...", false},    // every package of the module is named
		{"./app", true},     // helper, a dependency, exports a fact
		{"./plain", false},  // strings cannot export one
		{"./helper", false}, // net and time are in std
	} {
		t.Run(tc.pattern, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			cfg := analyzer.DefaultConfig()
			r := &runner{
				opts: Options{Check: true, Tests: true, Dir: dir, Stdout: &stdout, Stderr: &stderr,
					FactRoots: analyzer.SocketPackage},
				analyzer: analyzer.New(cfg),
			}
			code := r.run([]string{tc.pattern})
			t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", code, &stdout, &stderr)
			if r.allDeps {
				t.Errorf("every dependency was loaded from source")
			}
			if (r.depFacts != nil) != tc.depFacts {
				t.Errorf("dependencies analyzed apart: %v, want %v", r.depFacts != nil, tc.depFacts)
			}
			var want []string
			if strings.Contains(tc.pattern, "app") || tc.pattern == "./..." {
				want = []string{"app/app.go:17:9: net.Dial relies on Go's implicit keepalive"}
			}
			lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
			if len(want) == 0 && stdout.Len() == 0 {
				return
			}
			if len(lines) != len(want) {
				t.Fatalf("%d findings, want %d", len(lines), len(want))
			}
			for i := range want {
				if !strings.HasPrefix(lines[i], want[i]) {
					t.Errorf("finding %d: %s, want %s...", i+1, lines[i], want[i])
				}
			}
		})
	}
}

// TestLoadModeTestVariant: a test variant of a package that exports a
// fact ("b [c.test]", since b imports c, c has tests of its own and
// c's external test imports b) is type-checked without its bodies; its
// facts come from b, analyzed apart.
func TestLoadModeTestVariant(t *testing.T) {
	dir := testmodule.Write(t, map[string]string{
		"c/c.go": `package c

func Network() string { return "tcp" }
`,
		"b/b.go": `package b

import (
	"net"
	"time"

	"example.com/m/c"
)

// Enable turns keepalive on for d.
func Enable(d *net.Dialer) { d.KeepAlive = 30 * time.Second }

var _ = c.Network
`,
		"c/internal_test.go": `package c

import "testing"

func TestNetwork(t *testing.T) { Network() }
`,
		"c/c_test.go": `package c_test

import (
	"net"
	"testing"

	"example.com/m/b"
	"example.com/m/c"
)

func TestDial(t *testing.T) {
	d := &net.Dialer{}
	b.Enable(d)
	d.Dial(c.Network(), "localhost:1")
}
`,
	})
	var stdout, stderr bytes.Buffer
	cfg := analyzer.DefaultConfig()
	r := &runner{
		opts: Options{Check: true, Tests: true, Dir: dir, Stdout: &stdout, Stderr: &stderr,
			FactRoots: analyzer.SocketPackage},
		analyzer: analyzer.New(cfg),
	}
	code := r.run([]string{"./..."})
	t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", code, &stdout, &stderr)
	if code != ExitOK || stdout.Len() > 0 {
		t.Errorf("exit %d, findings %q; want 0, none: the site is covered by b.Enable", code, stdout.String())
	}
	if r.depFacts == nil || r.allDeps {
		t.Errorf("dependencies analyzed apart: %v, every dependency from source: %v; want true, false", r.depFacts != nil, r.allDeps)
	}
}
