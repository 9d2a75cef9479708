package main

// The end-to-end migration test runs the real kafix binary on a small
// module in a temporary directory, as a user would: -diff, then -v in
// place, then again. The write-safety tests of the migration itself
// run in process, in cmd/internal/migrate's safety_test.go.

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafix/kafix/cmd/internal/testmodule"
)

func safeEnv() []string {
	return append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOPROXY=off")
}

// safeKafix runs the kafix binary with args in dir and returns its exit
// status, stdout and stderr.
func safeKafix(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	stdout, stderr, code := runIn(t, dir, safeEnv(), kafixBinary(t), args...)
	t.Logf("stdout:\n%s\nstderr:\n%s", stdout, stderr)
	return code, stdout, stderr
}

// safeVet fails the test unless the module in dir, tests included,
// builds and vets cleanly.
func safeVet(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = safeEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet ./... after kafix: %v\n%s", err, out)
	}
}

// safeSame fails the test unless the file at path holds want, byte for
// byte.
// TestMigrateConflictingFixes: fixes that share a line, or an import
// line, are never interleaved, and need not conflict. Here two sites
// share a line: each fix edits only the spans it changes, so one pass
// takes both; a dialer and a listener each add imports to the same
// import line, and their shared edits merge. The result compiles and
// -diff shows exactly what the run writes.
// (cmd/internal/migrate's TestRunConflictRefused runs a single pass on
// two fixes of the same bytes, which must refuse and name the second.)
func TestMigrateConflictingFixes(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"two/two.go": `package two

import "net"

func Two(a1, a2 string) (net.Conn, net.Conn) {
	c1, _ := net.Dial("tcp", a1); c2, _ := net.Dial("tcp", a2)
	return c1, c2
}
`,
		"imports/imports.go": `package imports

import (
	"fmt"
	"net"
)

var D = net.Dialer{}

func L() (net.Listener, error) { fmt.Println("listen"); return net.Listen("tcp", ":0") }
`,
		// One import on one line: each fix replaces it with a block of
		// its own imports, so the two fixes conflict (a known limit,
		// README "Limitations"; TestGoFixOneImportLine runs go fix on
		// it); the migration takes the second in a second pass.
		"single/single.go": `package single

import "net"

var D = net.Dialer{}

func L() (net.Listener, error) { return net.Listen("tcp", ":0") }
`,
	}
	dir := testmodule.Write(t, files)
	diffDir := testmodule.Write(t, files)
	two, imports := filepath.Join(dir, "two", "two.go"), filepath.Join(dir, "imports", "imports.go")

	// -user-timeout=auto: the option setter's declaration is an edit
	// that the two fixes of imports.go share, as are its imports, each
	// inserted into the file's import block.
	code, diff, _ := safeKafix(t, diffDir, "-diff", "-user-timeout=auto", "./...")
	if code != 1 {
		t.Errorf("-diff: exit status %d, want 1", code)
	}
	code, _, stderr := safeKafix(t, dir, "-v", "-user-timeout=auto", "./...")
	if code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	// two.go's fixes (two sites on one line) touch different spans,
	// and imports.go's merge: the option setter's declaration and its
	// imports are the same edits in both fixes, and only the Listen fix
	// adds another import (context). single.go's do not (above).
	if !strings.Contains(stderr, "pass 2: 1 directory with conflicting fixes: single\n") {
		t.Errorf("want exactly single's fixes in conflict, taken in a second pass:\n%s", stderr)
	}
	if !strings.Contains(stderr, "kafix: 6 sites found, 6 fixed, 0 left, 3 files written") {
		t.Errorf("the summary does not count 6 sites fixed")
	}
	testmodule.Fixed(t, two, 2)
	out := testmodule.Read(t, two)
	for _, addr := range []string{"a1", "a2"} {
		if n := strings.Count(out, `}).Dial("tcp", `+addr+`)`); n != 1 {
			t.Errorf("the call with %s is fixed %d times:\n%s", addr, n, out)
		}
	}
	for _, name := range []string{imports, filepath.Join(dir, "single", "single.go")} {
		if got := strings.Count(testmodule.Read(t, name), "KeepAliveConfig: net.KeepAliveConfig{Enable: true"); got != 2 {
			t.Errorf("%s has %d sites fixed, want 2", name, got)
		}
	}
	safeVet(t, dir)

	// The diff, applied by patch(1), gives what the run wrote.
	if _, err := exec.LookPath("patch"); err == nil {
		cmd := exec.Command("patch", "-p0", "-s")
		cmd.Dir = diffDir
		cmd.Stdin = strings.NewReader(diff)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("patch: %v\n%s", err, out)
		}
		for _, name := range []string{"two/two.go", "imports/imports.go"} { // -diff shows the first pass
			if got, want := testmodule.Read(t, filepath.Join(diffDir, name)), testmodule.Read(t, filepath.Join(dir, name)); got != want {
				t.Errorf("%s: -diff does not show what the run writes:\n%s\nwritten:\n%s", name, got, want)
			}
		}
	}

	// A second run has nothing left to do.
	code, _, stderr = safeKafix(t, dir, "-user-timeout=auto", "./...")
	if code != 0 || !strings.Contains(stderr, "kafix: 0 sites found") {
		t.Errorf("second run: exit status %d, want 0 and no sites", code)
	}
}
