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
// TestMigrateConflictingFixes: fixes that touch the same bytes are
// never interleaved. Here two sites share a line, which each fix
// rewrites, and a dialer and a listener each add imports to the same
// import line: the first pass takes one fix of each pair whole and
// refuses the other, the next pass fixes the code as the first left
// it, and every site ends up fixed in one run; the result compiles and
// -diff shows exactly what the run writes.
// (cmd/internal/migrate's TestRunConflictRefused runs a single pass,
// which must refuse and name the conflicting fix.)
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

import "net"

var D = net.Dialer{}

func L() (net.Listener, error) { return net.Listen("tcp", ":0") }
`,
	}
	dir := testmodule.Write(t, files)
	diffDir := testmodule.Write(t, files)
	two, imports := filepath.Join(dir, "two", "two.go"), filepath.Join(dir, "imports", "imports.go")

	// -user-timeout=auto: the option setter's declaration is the edit
	// that the two fixes of imports.go share (under the default they
	// both add imports to the one import line, and conflict).
	code, diff, _ := safeKafix(t, diffDir, "-diff", "-user-timeout=auto", "./...")
	if code != 1 {
		t.Errorf("-diff: exit status %d, want 1", code)
	}
	code, _, stderr := safeKafix(t, dir, "-v", "-user-timeout=auto", "./...")
	if code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	// two.go's fixes overlap (two sites on one line): a second pass.
	// imports.go's merge in the first: the option setter's declaration,
	// with its own import block, is the same edit in both fixes, and
	// only the Listen fix adds an import (context) to the main block.
	if !strings.Contains(stderr, "pass 2: 1 directory with conflicting fixes: two") {
		t.Errorf("no second pass for the conflict in two.go in the progress output")
	}
	if !strings.Contains(stderr, "kafix: 4 sites found, 4 fixed, 0 left, 2 files written") {
		t.Errorf("the summary does not count 4 sites fixed")
	}
	testmodule.Fixed(t, two, 2)
	out := testmodule.Read(t, two)
	for _, addr := range []string{"a1", "a2"} {
		if n := strings.Count(out, `}).Dial("tcp", `+addr+`)`); n != 1 {
			t.Errorf("the call with %s is fixed %d times:\n%s", addr, n, out)
		}
	}
	if got := strings.Count(testmodule.Read(t, imports), "KeepAliveConfig: net.KeepAliveConfig{Enable: true"); got != 2 {
		t.Errorf("imports.go has %d sites fixed, want 2", got)
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
		for _, name := range []string{"two/two.go", "imports/imports.go"} {
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
