package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafix/kafix/cmd/internal/testmodule"
)

// testsModule has one site in a.go and one in a_test.go.
var testsModule = map[string]string{
	"a/a.go": `package a

import "net"

func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}
`,
	"a/a_test.go": `package a

import (
	"net"
	"os"
	"testing"
)

func TestDial(t *testing.T) {
	c, err := net.Dial("tcp", os.Getenv("ADDR"))
	if err != nil {
		t.Skip(err)
	}
	defer c.Close()
	c.Write([]byte("ping\n"))
}
`,
}

// TestTestsFlag checks the one flag for test files, the analyzer's
// -tests: without it kafix -check, -json and the migration leave the
// sites of _test.go files alone; with it they report and fix them.
// The migration command's old -test flag is gone.
func TestTestsFlag(t *testing.T) {
	dir := testmodule.Write(t, testsModule)

	code, stdout, _ := safeKafix(t, dir, "-check", "./...")
	if code != 3 || !strings.Contains(stdout, "a/a.go:6:9: net.Dial relies on Go's implicit keepalive") || strings.Contains(stdout, "a_test.go") {
		t.Errorf("-check: exit %d, want 3 and the site of a.go alone:\n%s", code, stdout)
	}
	code, stdout, _ = safeKafix(t, dir, "-check", "-tests", "./...")
	if code != 3 || !strings.Contains(stdout, "a/a.go:6:9: ") || !strings.Contains(stdout, "a/a_test.go:10:12: net.Dial relies on Go's implicit keepalive") {
		t.Errorf("-check -tests: exit %d, want 3 and both sites:\n%s", code, stdout)
	}
	if code, _, stderr := safeKafix(t, dir, "-check", "-test=false", "./..."); code != 2 || !strings.Contains(stderr, "-test") {
		t.Errorf("-test=false: exit %d, want 2 and the flag refused:\n%s", code, stderr)
	}

	// The migration fixes a.go alone, counts its keepalive-only fix as
	// fixed (it meets the default policy), and under -v says what the
	// fix sets.
	test := filepath.Join(dir, "a", "a_test.go")
	code, _, stderr := safeKafix(t, dir, "-v", "./...")
	if code != 0 || !strings.Contains(stderr, "kafix: 1 site found, 1 fixed, 0 left, 1 file written") || strings.Contains(stderr, "partly") {
		t.Errorf("migration: exit %d, want 0 and 1 site fixed:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "kafix: fixed a/a.go:6:9: Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s") {
		t.Errorf("-v does not print the fix's message with its position:\n%s", stderr)
	}
	if got := testmodule.Read(t, test); got != testsModule["a/a_test.go"] {
		t.Errorf("a_test.go changed without -tests:\n%s", got)
	}
	if code, _, _ := safeKafix(t, dir, "-tests", "./..."); code != 0 || testmodule.Read(t, test) == testsModule["a/a_test.go"] {
		t.Errorf("-tests: exit %d, want 0 and a_test.go fixed", code)
	}
}

// TestJSONFields checks what -json carries for each site: where it
// starts and ends, the diagnostic's message, the fix's message, the
// README section and whether it is in a test file.
func TestJSONFields(t *testing.T) {
	dir := testmodule.Write(t, testsModule)
	code, stdout, _ := safeKafix(t, dir, "-json", "-tests", "./...")
	if code != 3 {
		t.Errorf("-json: exit %d, want 3", code)
	}
	var findings []struct {
		File      string `json:"file"`
		Line      int    `json:"line"`
		Column    int    `json:"column"`
		EndLine   int    `json:"end_line"`
		EndColumn int    `json:"end_column"`
		Message   string `json:"message"`
		Fix       string `json:"fix"`
		URL       string `json:"url"`
		Test      bool   `json:"test"`
	}
	if err := json.Unmarshal([]byte(stdout), &findings); err != nil {
		t.Fatalf("-json: %v\n%s", err, stdout)
	}
	if len(findings) != 2 {
		t.Fatalf("-json: %d findings, want 2:\n%s", len(findings), stdout)
	}
	for _, f := range findings {
		wantTest := strings.HasSuffix(f.File, "_test.go")
		wantEnd := map[bool]int{false: 30, true: 46}[wantTest] // the end of net.Dial(...)
		if f.Test != wantTest || f.EndLine != f.Line || f.EndColumn != wantEnd {
			t.Errorf("%s:%d:%d: test %v, end %d:%d; want test %v, end %d:%d", f.File, f.Line, f.Column, f.Test, f.EndLine, f.EndColumn, wantTest, f.Line, wantEnd)
		}
		if !strings.HasPrefix(f.Message, "net.Dial relies on Go's implicit keepalive") || !strings.HasPrefix(f.Fix, "Turn keepalive on: 30s idle") {
			t.Errorf("%s:%d: message %q, fix %q", f.File, f.Line, f.Message, f.Fix)
		}
		if f.URL != "https://github.com/kafix/kafix#the-policy-and-what-it-costs" {
			t.Errorf("%s:%d: url %q", f.File, f.Line, f.URL)
		}
	}
}
