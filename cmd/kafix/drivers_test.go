package main

// The driver test runs the real go command with the kafix binary as its
// analysis tool: go vet -vettool and go fix -fixtool (Go 1.26), on a copy
// of testdata/drivers.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// drvWant is one diagnostic that go vet must print for testdata/drivers.
type drvWant struct {
	file string
	line int
	text []string // stable substrings of the message
}

// Under the default policy (-require=explicit) relying on Go's implicit
// keepalive is reported, and the message says so.
var drvWants = []drvWant{
	{"conn.go", 13, []string{"net.Dial ", "Go's implicit keepalive"}},   // net.Dial("tcp", ...)
	{"conn.go", 18, []string{"net.Listen ", "Go's implicit keepalive"}}, // net.Listen("tcp", ...)
	{"conn.go", 23, []string{"net.Dialer", "Go's implicit keepalive"}},  // &net.Dialer{Timeout: ...}
	// conn.go:28, net.Dial("udp", ...), is not a site.
}

// drvTestWant is the site in conn_test.go, reported only with -tests.
var drvTestWant = drvWant{"conn_test.go", 12, []string{"net.Dial ", "Go's implicit keepalive"}}

func drvGo(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("no go command: %v", err)
	}
	return p
}

// drvRun runs name with args in dir and returns stdout, stderr and the
// exit code; it fails the test if the command could not start.
func drvRun(t *testing.T, dir, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runIn(t, dir, nil, name, args...)
}

// runIn is drvRun with the environment env (nil: this process's).
func runIn(t *testing.T, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var outb, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &outb, &errb
	start := time.Now()
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	t.Logf("%s %s: exit %d, %v", filepath.Base(name), strings.Join(args, " "), code, time.Since(start).Round(time.Millisecond))
	return outb.String(), errb.String(), code
}

// drvBuild builds cmd/kafix to out with extra go build flags.
func drvBuild(t *testing.T, out string, flags ...string) {
	t.Helper()
	args := append(append([]string{"build"}, flags...), "-o", out, "github.com/kafix/kafix/cmd/kafix")
	if stdout, stderr, code := drvRun(t, ".", drvGo(t), args...); code != 0 {
		t.Fatalf("go %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout, stderr)
	}
}

// drvCopy copies testdata/drivers to a new temporary directory.
func drvCopy(t *testing.T) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "drivers")
	dst := filepath.Join(t.TempDir(), "drivers")
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// drvTree returns the contents of the files under dir by relative path.
func drvTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// drvIdle45RE matches an idle time of 45s as a fix may write it on an
// added line of a diff.
var drvIdle45RE = regexp.MustCompile(`(?m)^\+.*Idle:\s*(45 \* time\.Second|45e9|time\.Duration\(45\) \* time\.Second)`)

// drvDiagRE matches a diagnostic line as go vet prints it.
var drvDiagRE = regexp.MustCompile(`^(?:\./)?(\S+\.go):(\d+):(\d+): (.*)$`)

// drvDiags returns the diagnostics in go vet's output by "file:line".
func drvDiags(t *testing.T, output string) map[string]string {
	t.Helper()
	diags := map[string]string{}
	for _, line := range strings.Split(output, "\n") {
		m := drvDiagRE.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		key := filepath.ToSlash(m[1]) + ":" + m[2]
		if _, dup := diags[key]; dup {
			t.Errorf("%s reported twice", key)
		}
		diags[key] = m[4]
	}
	return diags
}

// drvCheckDiags asserts that diags are exactly want.
func drvCheckDiags(t *testing.T, output string, want []drvWant) {
	t.Helper()
	diags := drvDiags(t, output)
	for _, w := range want {
		key := fmt.Sprintf("%s:%d", w.file, w.line)
		msg, ok := diags[key]
		if !ok {
			t.Errorf("missing diagnostic at %s (want a message containing %q)", key, w.text)
			continue
		}
		delete(diags, key)
		for _, sub := range w.text {
			if !strings.Contains(msg, sub) {
				t.Errorf("%s: message %q does not contain %q", key, msg, sub)
			}
		}
	}
	var extra []string
	for key, msg := range diags {
		extra = append(extra, key+": "+msg)
	}
	sort.Strings(extra)
	for _, e := range extra {
		t.Errorf("unexpected diagnostic %s", e)
	}
	if t.Failed() {
		t.Logf("output:\n%s", output)
	}
}

// TestVetToolVersion checks the -V=full answer that the go command uses
// to key its vet and fix caches: "kafix version VERSION buildID=ID",
// where VERSION is the one go version -m reads in the binary (the
// module's, or "(devel)" with the VCS revision) and ID the hash of the
// binary, so that a rebuilt kafix is never answered from results of an
// older one; and the -V answer, the same line without the ID.
func TestVetToolVersion(t *testing.T) {
	dir := t.TempDir()
	version := func(bin string) string {
		out, errOut, code := drvRun(t, dir, bin, "-V=full")
		if code != 0 {
			t.Fatalf("%s -V=full: exit %d\n%s%s", bin, code, out, errOut)
		}
		data, err := os.ReadFile(bin)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		v := drvBuildInfoVersion(t, bin)
		if want := fmt.Sprintf("kafix version %s buildID=%s\n", v, hex.EncodeToString(sum[:])); out != want {
			t.Errorf("%s -V=full = %q, want %q", bin, out, want)
		}
		// What the go command reads in it (cmd/go's toolID).
		if f := strings.Fields(out); len(f) < 3 || f[1] != "version" || strings.Contains(f[2], "devel") && !strings.HasPrefix(f[len(f)-1], "buildID=") {
			t.Errorf("%s -V=full = %q: the go command cannot read it", bin, out)
		}
		if out, _, code := drvRun(t, dir, bin, "-V"); code != 0 || out != "kafix version "+v+"\n" {
			t.Errorf("%s -V: exit %d, %q; want 0, %q", bin, code, out, "kafix version "+v+"\n")
		}
		return out
	}
	a := filepath.Join(dir, "a", "kafix")
	b := filepath.Join(dir, "b", "kafix")
	drvBuild(t, a)
	drvBuild(t, b, "-ldflags=-s -w") // a different binary from the same source
	if va, vb := version(a), version(b); va == vb {
		t.Errorf("two different binaries report the same version: %q", va)
	}
}

// drvBuildInfoVersion returns kafix's version as go version -m reads
// it in the binary bin: the main module's version, or if that is
// "(devel)", that followed by the VCS revision and modification the
// build recorded.
func drvBuildInfoVersion(t *testing.T, bin string) string {
	out, errOut, code := drvRun(t, ".", drvGo(t), "version", "-m", bin)
	if code != 0 {
		t.Fatalf("go version -m %s: exit %d\n%s%s", bin, code, out, errOut)
	}
	var v, vcs string
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == "mod" && f[1] == "github.com/kafix/kafix":
			v = f[2]
		case len(f) == 2 && f[0] == "build" && strings.HasPrefix(f[1], "vcs.revision="):
			vcs += " " + f[1]
		case len(f) == 2 && f[0] == "build" && f[1] == "vcs.modified=true":
			vcs += " " + f[1]
		}
	}
	if v == "" {
		t.Fatalf("go version -m %s names no main module:\n%s", bin, out)
	}
	if v == "(devel)" {
		v += vcs
	}
	return v
}

func TestGoVetAndGoFix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kafix and runs go vet and go fix; skipped with -short")
	}
	gobin := drvGo(t)
	bin := filepath.Join(t.TempDir(), "kafix")
	drvBuild(t, bin)
	mod := drvCopy(t)
	orig := drvTree(t, mod)

	// The analyzer's flags, as go vet and go fix learn them from -flags.
	out, errOut, code := drvRun(t, mod, bin, "-flags")
	if code != 0 {
		t.Fatalf("kafix -flags: exit %d\n%s%s", code, out, errOut)
	}
	var flags []struct{ Name string }
	if err := json.Unmarshal([]byte(out), &flags); err != nil {
		t.Fatalf("kafix -flags: %v\n%s", err, out)
	}
	names := map[string]bool{}
	for _, f := range flags {
		names[f.Name] = true
	}
	for _, name := range []string{"require", "tests", "idle", "interval", "count", "user-timeout", "gate", "gate-name"} {
		if !names[name] {
			t.Errorf("kafix -flags does not list -%s: %s", name, out)
		}
	}

	// go vet reports every site, and only the sites: those of test
	// files only with -tests (no "keepalive." prefix: see below).
	out, errOut, code = drvRun(t, mod, gobin, "vet", "-vettool="+bin, "./...")
	if code == 0 {
		t.Errorf("go vet: exit 0, want non-zero for the diagnostics")
	}
	drvCheckDiags(t, out+errOut, drvWants)
	out, errOut, code = drvRun(t, mod, gobin, "vet", "-vettool="+bin, "-tests", "./...")
	if code == 0 {
		t.Errorf("go vet -tests: exit 0, want non-zero for the diagnostics")
	}
	drvCheckDiags(t, out+errOut, append(slices.Clone(drvWants), drvTestWant))

	// go vet passes analyzer flags through: under -require=on, sites
	// that rely on Go's implicit default are not reported.
	out, errOut, code = drvRun(t, mod, gobin, "vet", "-vettool="+bin, "-require=on", "./...")
	if code != 0 {
		t.Errorf("go vet -require=on: exit %d, want 0\n%s%s", code, out, errOut)
	}
	drvCheckDiags(t, out+errOut, nil)

	// kafix is a single-analyzer tool: the flags have no "keepalive."
	// prefix (the README says so), and the prefixed spelling is refused.
	if names["keepalive.require"] {
		t.Errorf("kafix -flags lists keepalive.require; the README documents -require")
	}
	out, errOut, code = drvRun(t, mod, gobin, "vet", "-vettool="+bin, "-keepalive.require=on", "./...")
	if code == 0 || !strings.Contains(out+errOut, "-keepalive.require") {
		t.Errorf("go vet -keepalive.require=on: exit %d, want the flag refused\n%s%s", code, out, errOut)
	}

	// A bad flag value is refused, not ignored.
	out, errOut, code = drvRun(t, mod, gobin, "vet", "-vettool="+bin, "-require=always", "./...")
	if code == 0 || !strings.Contains(out+errOut, "require") {
		t.Errorf("go vet -require=always: exit %d, want a failure naming -require\n%s%s", code, out, errOut)
	}
	if t.Failed() {
		t.FailNow()
	}

	// go fix -diff prints the fixes as a diff and writes nothing.
	diff, errOut, code := drvRun(t, mod, gobin, "fix", "-fixtool="+bin, "-diff", "./...")
	if code == 0 {
		t.Errorf("go fix -diff: exit 0, want non-zero for a non-empty diff")
	}
	if !strings.Contains(diff, "conn.go") || !strings.Contains(diff, "\n+") || !strings.Contains(diff, "KeepAliveConfig") {
		t.Errorf("go fix -diff did not print a diff of conn.go setting KeepAliveConfig:\nstdout:\n%s\nstderr:\n%s", diff, errOut)
	}
	if now := drvTree(t, mod); !equalTrees(orig, now) {
		t.Errorf("go fix -diff changed files")
	}

	// go fix passes analyzer flags through: the fixes write -idle.
	diff45, errOut, _ := drvRun(t, mod, gobin, "fix", "-fixtool="+bin, "-diff", "-idle=45s", "./...")
	if n := len(drvIdle45RE.FindAllString(diff45, -1)); n != len(drvWants) {
		t.Errorf("go fix -diff -idle=45s sets a 45s idle time %d times, want %d:\n%s%s", n, len(drvWants), diff45, errOut)
	}

	// go fix applies the same fixes.
	out, errOut, code = drvRun(t, mod, gobin, "fix", "-fixtool="+bin, "./...")
	if code != 0 {
		t.Errorf("go fix: exit %d, want 0\n%s%s", code, out, errOut)
	}
	fixed := drvTree(t, mod)
	if fixed["conn.go"] == orig["conn.go"] {
		t.Fatalf("go fix did not change conn.go\n%s%s", out, errOut)
	}
	t.Logf("conn.go after go fix:\n%s", fixed["conn.go"])
	for name := range orig {
		if name != "conn.go" && fixed[name] != orig[name] {
			t.Errorf("go fix changed %s, which has no diagnostics", name)
		}
	}
	// Every line that the diff adds is in the fixed file.
	for _, line := range strings.Split(diff, "\n") {
		if strings.HasPrefix(line, "+") && !strings.HasPrefix(line, "+++") &&
			!strings.Contains(fixed["conn.go"], strings.TrimPrefix(line, "+")) {
			t.Errorf("go fix -diff showed %q, which go fix did not write", line)
		}
	}

	// The fixed module builds, and go vet finds nothing left.
	if out, errOut, code := drvRun(t, mod, gobin, "build", "./..."); code != 0 {
		t.Errorf("go build of the fixed module: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = drvRun(t, mod, gobin, "vet", "-vettool="+bin, "./...")
	if code != 0 {
		t.Errorf("go vet after go fix: exit %d, want 0\n%s%s", code, out, errOut)
	}
	drvCheckDiags(t, out+errOut, nil)
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}
