package golangci

import (
	"bytes"
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

// The end-to-end test builds golangci-lint v2.15.0 with this plugin
// through testdata/golangci/wrapper (the module that `golangci-lint
// custom` would generate, which needs git and the internet) and runs it
// on a copy of testdata/golangci/target.

// wantIssue is one diagnostic that golangci-lint must print for the
// target module.
type wantIssue struct {
	file string
	line int
	text []string // stable substrings of the message
}

// Under the default policy (require: explicit) relying on Go's implicit
// keepalive is reported, and the message says so.
var targetWant = []wantIssue{
	{"conn.go", 13, []string{"net.Dial ", "Go's implicit keepalive"}},   // net.Dial("tcp", ...)
	{"conn.go", 18, []string{"net.Listen ", "Go's implicit keepalive"}}, // net.Listen("tcp", ...)
	{"conn.go", 23, []string{"net.Dialer", "Go's implicit keepalive"}},  // &net.Dialer{Timeout: ...}
	// conn.go:29 net.Dial("udp", ...) and conn.go:34, a Dialer with
	// KeepAliveConfig, are not sites.
	// conn_test.go:10 is in a test file, which golangci-lint loads
	// (run.tests) but whose sites are reported only with tests: true.
	{"raw_linux.go", 8, []string{"syscall.Socket ", "without SO_KEEPALIVE"}},
	{"sites.go", 14, []string{"net.DialTCP ", "Go's implicit keepalive"}},
	{"sites.go", 23, []string{"net.DialTimeout ", "Go's implicit keepalive"}},
	{"sites.go", 28, []string{"net.ListenConfig ", "Go's implicit keepalive"}},
	{"sites.go", 33, []string{"net.Dialer with a negative KeepAlive ", "turns TCP keepalive off"}},
	{"sites.go", 38, []string{"net.Dial with a non-constant network", "Go's implicit keepalive"}},
	{"sites.go", 43, []string{"tls.Dial ", "Go's implicit keepalive"}},
	{"sites.go", 48, []string{"net.ListenTCP ", "Go's implicit keepalive"}}, // its Accept is in the same function
	{"sub/sub.go", 9, []string{"net.Dial ", "Go's implicit keepalive"}},     // a second package
	// sites.go:64 has a //kafix:ignore directive. nofix/ is a module
	// of its own, which ./... does not reach (TestSameMessageEveryDriver
	// checks it).
}

// targetTestsWant is targetWant with the setting tests: true.
var targetTestsWant = append(slices.Clone(targetWant), wantIssue{"conn_test.go", 10, []string{"net.Dial ", "Go's implicit keepalive"}})

// Under require: on only the sites where keepalive ends up off are
// reported: the raw socket and the Dialer that turns it off.
var targetOnWant = []wantIssue{
	{"raw_linux.go", 8, []string{"syscall.Socket ", "without SO_KEEPALIVE"}},
	{"sites.go", 33, []string{"net.Dialer with a negative KeepAlive ", "turns TCP keepalive off"}},
}

// siteFiles are the files of the target that have sites: the ones
// that --fix changes.
func siteFiles(want []wantIssue) map[string]bool {
	files := map[string]bool{}
	for _, w := range want {
		files[w.file] = true
	}
	return files
}

// gclIssue is the part of golangci-lint's JSON output the test reads.
type gclIssue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
	SuggestedFixes []struct {
		Message   string
		TextEdits []json.RawMessage
	}
}

type gclReport struct {
	Issues []gclIssue
}

func goTool(t *testing.T) string {
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

// repoRoot is the root of the kafix module (this package is one level
// below it).
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root %s: %v", root, err)
	}
	return root
}

// copyDir copies the regular files of the tree src to dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
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
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copy %s to %s: %v", src, dst, err)
	}
}

// run runs a command in dir and returns its stdout, its stderr and its
// exit code; it fails the test if the command could not start.
func run(t *testing.T, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var outb, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &outb, &errb
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s %s (in %s): %v", filepath.Base(name), strings.Join(args, " "), filepath.Base(dir), time.Since(start).Round(time.Millisecond))
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return outb.String(), errb.String(), code
}

// buildGCL builds the wrapper module into dir and returns the binary's
// path. The wrapper is copied first, with its replace directive pointed
// at this checkout, so that the testdata is never edited; -mod=mod lets
// the build add go.sum lines for dependencies that kafix gained after
// the wrapper's go.sum was last tidied (the committed go.sum covers the
// rest, so the build normally needs nothing from the network). The
// build uses the go command's usual GOCACHE, so a warm build is quick.
func buildGCL(t *testing.T, dir string) string {
	t.Helper()
	root := repoRoot(t)
	gobin := goTool(t)
	src := filepath.Join(dir, "wrapper")
	copyDir(t, filepath.Join(root, "testdata", "golangci", "wrapper"), src)
	if out, errOut, code := run(t, src, nil, gobin, "mod", "edit", "-replace", "github.com/kafix/kafix="+root); code != 0 {
		t.Fatalf("go mod edit: exit %d\n%s%s", code, out, errOut)
	}
	bin := filepath.Join(dir, "custom-gcl")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	// The same -ldflags as golangci-lint custom's go build.
	ldflags := fmt.Sprintf("-s -w -X 'main.version=v2.15.0-custom-gcl-kafix' -X 'main.date=%s'", time.Now().UTC())
	out, errOut, code := run(t, src, nil, gobin, "build", "-mod=mod", "-ldflags", ldflags, "-o", bin, ".")
	if code != 0 {
		t.Fatalf("building golangci-lint with the keepalive plugin: exit %d\n%s%s", code, out, errOut)
	}
	orig, _ := os.ReadFile(filepath.Join(root, "testdata", "golangci", "wrapper", "go.sum"))
	now, _ := os.ReadFile(filepath.Join(src, "go.sum"))
	if !bytes.Equal(orig, now) {
		t.Logf("note: testdata/golangci/wrapper/go.sum is behind kafix's dependencies; run go mod tidy there")
	}
	return bin
}

// idle45RE matches an idle time of 45s as a fix may write it: in a
// KeepAliveConfig or the option setter's tcpOptions, or as the seconds
// that a raw socket's fix passes to setsockopt.
var idle45RE = regexp.MustCompile(`Idle:\s*(45 \* time\.Second|45e9|time\.Duration\(45\) \* time\.Second)|TCP_KEEPIDLE, 45\)`)

// runArgs make golangci-lint print (and fix) every issue.
// --allow-parallel-runners: golangci-lint refuses to run while another
// golangci-lint holds its lock, which guards the lint cache; every
// test has a cache of its own, so a run beside another test's (or
// another checkout's) is safe.
var runArgs = []string{"run", "--allow-parallel-runners", "--max-same-issues=0", "--max-issues-per-linter=0", "--uniq-by-line=false"}

// lintJSON runs golangci-lint with JSON output in dir and returns the
// keepalive issues and the exit code. Issues from other linters fail
// the test unless allowOthers.
func lintJSON(t *testing.T, dir string, env []string, gcl string, allowOthers bool, extra ...string) ([]gclIssue, int) {
	t.Helper()
	args := append(append(slices.Clone(runArgs), "--output.json.path=stdout"), extra...)
	out, errOut, code := run(t, dir, env, gcl, append(args, "./...")...)
	// The JSON report comes first; the text summary follows it.
	var rep gclReport
	if err := json.NewDecoder(strings.NewReader(out)).Decode(&rep); err != nil {
		t.Fatalf("run: exit %d, decoding JSON output: %v\nstdout:\n%s\nstderr:\n%s", code, err, out, errOut)
	}
	var issues []gclIssue
	for _, is := range rep.Issues {
		t.Logf("issue %s:%d: %s (%s)", is.Pos.Filename, is.Pos.Line, is.Text, is.FromLinter)
		if is.FromLinter != Name {
			if !allowOthers {
				t.Errorf("unexpected issue from linter %q at %s:%d: %s", is.FromLinter, is.Pos.Filename, is.Pos.Line, is.Text)
			}
			continue
		}
		issues = append(issues, is)
	}
	if code != 0 && code != 1 {
		t.Errorf("run: exit %d, want 0 or 1\nstderr:\n%s", code, errOut)
	}
	return issues, code
}

// checkIssues asserts that issues are exactly want, each with one fix.
func checkIssues(t *testing.T, issues []gclIssue, want []wantIssue) {
	t.Helper()
	got := map[string]gclIssue{}
	for _, is := range issues {
		key := fmt.Sprintf("%s:%d", filepath.ToSlash(is.Pos.Filename), is.Pos.Line)
		if _, dup := got[key]; dup {
			t.Errorf("%s reported twice", key)
		}
		got[key] = is
	}
	for _, w := range want {
		key := fmt.Sprintf("%s:%d", w.file, w.line)
		is, ok := got[key]
		if !ok {
			t.Errorf("missing diagnostic at %s (want a message containing %q)", key, w.text)
			continue
		}
		delete(got, key)
		for _, sub := range w.text {
			if !strings.Contains(is.Text, sub) {
				t.Errorf("%s: message %q does not contain %q", key, is.Text, sub)
			}
		}
		if len(is.SuggestedFixes) != 1 || len(is.SuggestedFixes[0].TextEdits) == 0 {
			t.Errorf("%s: %d suggested fixes, want exactly one with edits", key, len(is.SuggestedFixes))
		}
	}
	var extra []string
	for key, is := range got {
		extra = append(extra, key+": "+is.Text)
	}
	sort.Strings(extra)
	for _, e := range extra {
		t.Errorf("unexpected diagnostic %s", e)
	}
}

// editConfig copies dir to a new directory and applies replacements to
// its .golangci.yml, each of which must match.
func editConfig(t *testing.T, dir, newDir string, oldNew ...string) {
	t.Helper()
	copyDir(t, dir, newDir)
	cfg := filepath.Join(newDir, ".golangci.yml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			t.Fatalf("%s has no %q", cfg, oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	if err := os.WriteFile(cfg, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestGolangciLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint; skipped with -short")
	}
	root := repoRoot(t)
	tmp := t.TempDir()
	gcl := buildGCL(t, tmp)
	// A lint cache of its own, so that no result from an older build of
	// the analyzer is replayed.
	env := []string{"GOLANGCI_LINT_CACHE=" + filepath.Join(tmp, "lint-cache")}

	target := filepath.Join(tmp, "target")
	copyDir(t, filepath.Join(root, "testdata", "golangci", "target"), target)

	t.Run("version", func(t *testing.T) {
		out, errOut, code := run(t, target, env, gcl, "version")
		if code != 0 || !strings.Contains(out+errOut, "v2.15.0-custom-gcl-kafix") {
			t.Errorf("version: exit %d, want the version set by -ldflags:\n%s%s", code, out, errOut)
		}
	})

	t.Run("linters", func(t *testing.T) {
		out, errOut, code := run(t, target, env, gcl, "linters")
		if code != 0 {
			t.Fatalf("linters: exit %d\n%s%s", code, out, errOut)
		}
		enabled, _, _ := strings.Cut(out, "Disabled by your configuration linters:")
		if !regexpLine(enabled, "keepalive") {
			t.Errorf("linters does not list keepalive as enabled:\n%s%s", out, errOut)
		}
	})

	t.Run("misspelt setting", func(t *testing.T) {
		dir := filepath.Join(tmp, "misspelt")
		editConfig(t, target, dir, "interval: 10s", "intervall: 10s")
		out, errOut, code := run(t, dir, env, gcl, "run", "--allow-parallel-runners", "./...")
		t.Logf("exit %d\n%s%s", code, out, errOut)
		if code == 0 || !strings.Contains(out+errOut, `unknown key "intervall"; valid keys are `+strings.Join(settingKeys(), ", ")) {
			t.Errorf("run with a misspelt setting: exit %d, want a failure naming the key and the valid ones", code)
		}
	})

	t.Run("bad duration", func(t *testing.T) {
		dir := filepath.Join(tmp, "bad-duration")
		editConfig(t, target, dir, "idle: 30s", "idle: 30 seconds")
		out, errOut, code := run(t, dir, env, gcl, "run", "--allow-parallel-runners", "./...")
		t.Logf("exit %d\n%s%s", code, out, errOut)
		if code == 0 || !strings.Contains(out+errOut, `idle: invalid duration "30 seconds"`) {
			t.Errorf("run with a bad duration: exit %d, want a failure naming the setting", code)
		}
	})

	// The settings reach the analyzer: under require: on, sites that
	// only rely on Go's implicit default are not reported.
	t.Run("require on", func(t *testing.T) {
		dir := filepath.Join(tmp, "require-on")
		editConfig(t, target, dir, "require: explicit", "require: on")
		issues, code := lintJSON(t, dir, env, gcl, false)
		checkIssues(t, issues, targetOnWant)
		if code != 1 {
			t.Errorf("run: exit %d, want 1 (issues found)", code)
		}
	})

	// The tests setting reports the sites of test files too.
	t.Run("tests", func(t *testing.T) {
		dir := filepath.Join(tmp, "tests")
		editConfig(t, target, dir, "count: 5", "count: 5\n          tests: true")
		issues, code := lintJSON(t, dir, env, gcl, false)
		checkIssues(t, issues, targetTestsWant)
		if code != 1 {
			t.Errorf("run: exit %d, want 1 (issues found)", code)
		}
	})

	// The values in the settings are the ones the fixes write.
	t.Run("settings reach the fix", func(t *testing.T) {
		dir := filepath.Join(tmp, "idle-45s")
		editConfig(t, target, dir, "idle: 30s", "idle: 45s")
		out, errOut, code := run(t, dir, env, gcl, append(slices.Clone(runArgs), "--fix", "./...")...)
		if code != 0 {
			t.Errorf("run --fix: exit %d, want 0\n%s%s", code, out, errOut)
		}
		// Each site's fix sets the idle time once.
		n, fixed := 0, readTree(t, dir)
		for name := range siteFiles(targetWant) {
			n += len(idle45RE.FindAllString(fixed[name], -1))
		}
		if n != len(targetWant) {
			t.Errorf("run --fix with idle: 45s sets a 45s idle time %d times, want %d:\n%s", n, len(targetWant), fixed)
		}
	})

	// The shipped example configuration works as it is.
	t.Run("example config", func(t *testing.T) {
		dir := filepath.Join(tmp, "example")
		copyDir(t, target, dir)
		example, err := os.ReadFile(filepath.Join(root, "golangci", "example.golangci.yml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), example, 0o644); err != nil {
			t.Fatal(err)
		}
		issues, code := lintJSON(t, dir, env, gcl, true)
		checkIssues(t, issues, targetWant)
		if code != 1 {
			t.Errorf("run: exit %d, want 1", code)
		}
	})

	// Every fix that golangci-lint applies compiles: fixes in several
	// files that share the option setter (raw sockets in files that
	// build for every system; Dialers and ListenConfigs under a user
	// timeout) carry its edits alike and collide with none, so that
	// --fix skips no file (it skips every edit of a file with
	// overlapping ones, and a fix elsewhere that calls the setter then
	// leaves the package without it).
	for _, ut := range []string{"0s", "auto"} {
		t.Run("fixes in several files, user-timeout "+ut, func(t *testing.T) {
			dir := filepath.Join(tmp, "twofiles-"+ut)
			editConfig(t, filepath.Join(root, "testdata", "golangci", "twofiles"), dir, "count: 5", "count: 5\n          user-timeout: "+ut)
			before := readTree(t, dir)
			out, errOut, code := run(t, dir, env, gcl, append(slices.Clone(runArgs), "--fix", "./...")...)
			if code != 0 || strings.Contains(out+errOut, "skipped") {
				t.Errorf("run --fix: exit %d, want 0 and nothing skipped\n%s%s", code, out, errOut)
			}
			after := readTree(t, dir)
			for name := range before {
				if strings.HasSuffix(name, ".go") && after[name] == before[name] {
					t.Errorf("run --fix did not change %s", name)
				}
				// Imports go into the file's one import declaration
				// (goimports would rewrite a second one).
				if n, m := importDecls(before[name]), importDecls(after[name]); n != m {
					t.Errorf("run --fix gave %s %d import declarations, want %d:\n%s", name, m, n, after[name])
				}
			}
			if out, errOut, code := run(t, dir, nil, goTool(t), "vet", "./..."); code != 0 {
				t.Errorf("go vet of the fixed module: exit %d\n%s%s\n%s", code, out, errOut, after)
			}
			if out, errOut, code := run(t, dir, env, gcl, runArgs...); code != 0 || !strings.Contains(out, "0 issues.") {
				t.Errorf("second run: exit %d, want 0 and \"0 issues.\"\n%s%s", code, out, errOut)
			}
		})
	}

	// Two fixes that replace a one-line import with different blocks
	// overlap: --fix skips that file's edits and says so, and the file
	// is left as it was. (It used to merge them into "import ( (", a
	// file that does not parse.)
	t.Run("one import line", func(t *testing.T) {
		dir := filepath.Join(tmp, "oneimport")
		copyDir(t, filepath.Join(root, "testdata", "golangci", "oneimport"), dir)
		before := readTree(t, dir)
		out, errOut, code := run(t, dir, env, gcl, append(slices.Clone(runArgs), "--fix", "./...")...)
		after := readTree(t, dir)
		if after["c.go"] != before["c.go"] {
			t.Errorf("run --fix: exit %d, changed c.go; want it left as it was\n%s%s\n%s", code, out, errOut, after["c.go"])
		}
		if out, errOut, code := run(t, dir, nil, goTool(t), "vet", "./..."); code != 0 {
			t.Errorf("go vet after --fix: exit %d\n%s%s\n%s", code, out, errOut, after["c.go"])
		}
	})

	// First run: every expected diagnostic, each with one fix, and
	// nothing else.
	issues, code := lintJSON(t, target, env, gcl, false)
	if code != 1 {
		t.Errorf("run: exit %d, want 1 (issues found)", code)
	}
	checkIssues(t, issues, targetWant)
	if t.Failed() {
		t.FailNow()
	}

	before := readTree(t, target)

	// --fix applies every fix: no file is skipped for conflicts and no
	// issue is left over.
	out, errOut, code := run(t, target, env, gcl, append(slices.Clone(runArgs), "--fix", "./...")...)
	if code != 0 {
		t.Errorf("run --fix: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, "skipped") {
		t.Errorf("run --fix skipped changes:\n%s%s", out, errOut)
	}
	after := readTree(t, target)
	changed := siteFiles(targetWant)
	for name := range changed {
		if after[name] == before[name] {
			t.Errorf("run --fix did not change %s", name)
		}
		t.Logf("%s after --fix:\n%s", name, after[name])
	}
	for name, data := range after {
		if !changed[name] && data != before[name] {
			t.Errorf("run --fix changed %s, which has no diagnostics", name)
		}
	}

	// The fixed module builds and vets.
	if out, errOut, code := run(t, target, nil, goTool(t), "build", "./..."); code != 0 {
		t.Errorf("go build of the fixed module: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := run(t, target, nil, goTool(t), "vet", "./..."); code != 0 {
		t.Errorf("go vet of the fixed module: exit %d\n%s%s", code, out, errOut)
	}

	// The fixes are complete: a second run finds nothing.
	out, errOut, code = run(t, target, env, gcl, runArgs...)
	if code != 0 || !strings.Contains(out, "0 issues.") {
		t.Errorf("second run: exit %d, want 0 and \"0 issues.\"\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// importDecls counts the import declarations of a Go file's source.
func importDecls(src string) int {
	n := 0
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(line, "import ") || line == "import(" {
			n++
		}
	}
	return n
}

// TestCustomGCLConfig checks that .custom-gcl.yml builds what the test
// builds: the same golangci-lint version as the wrapper module and the
// plugin package that the wrapper imports.
func TestCustomGCLConfig(t *testing.T) {
	root := repoRoot(t)
	read := func(rel string) string {
		data, err := os.ReadFile(filepath.Join(root, rel))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	custom := read(".custom-gcl.yml")
	gomod := read("testdata/golangci/wrapper/go.mod")
	main := read("testdata/golangci/wrapper/main.go")

	version := yamlValue(t, custom, "version")
	if !strings.Contains(gomod, "github.com/golangci/golangci-lint/v2 "+version+"\n") {
		t.Errorf(".custom-gcl.yml builds golangci-lint %s, but the wrapper module requires another version:\n%s", version, gomod)
	}
	if got := yamlValue(t, custom, "- module"); got != "github.com/kafix/kafix" {
		t.Errorf(".custom-gcl.yml plugin module = %q, want github.com/kafix/kafix", got)
	}
	imp := yamlValue(t, custom, "import")
	if imp != "github.com/kafix/kafix/golangci" {
		t.Errorf(".custom-gcl.yml plugin import = %q, want github.com/kafix/kafix/golangci", imp)
	}
	if !strings.Contains(main, "_ \""+imp+"\"") {
		t.Errorf("the wrapper does not blank-import %s", imp)
	}
	if got := yamlValue(t, custom, "path"); got != "." {
		t.Errorf(".custom-gcl.yml plugin path = %q, want . (this checkout)", got)
	}
}

// yamlValue returns the value of the first uncommented "key: value" line.
func yamlValue(t *testing.T, text, key string) string {
	t.Helper()
	v, ok := yamlLookup(text, key)
	if !ok {
		t.Fatalf("no %q in\n%s", key, text)
	}
	return v
}

// yamlLookup returns the value of the first uncommented "key: value"
// line, and whether there is one.
func yamlLookup(text, key string) (string, bool) {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			v, _, _ = strings.Cut(v, " #")
			return strings.Trim(strings.TrimSpace(v), `"'`), true
		}
	}
	return "", false
}

// regexpLine reports whether some line of text starts with word followed
// by a space, a colon or the end of the line.
func regexpLine(text, word string) bool {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, word); ok && (rest == "" || rest[0] == ' ' || rest[0] == ':') {
			return true
		}
	}
	return false
}

// readTree returns the contents of the regular files under dir, by
// slash-separated relative path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
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

// TestSameMessageEveryDriver checks issue 12's promise, one truthful
// description: whichever driver reports the sites of a module (kafix
// -check, kafix -json, go vet -vettool=kafix or golangci-lint with the
// plugin), it reports the same sites at the same positions, each in
// byte-identical words. The words could drift apart: kafix's own
// driver builds its diagnostics after the whole analysis
// (analyzer.DeferFixes), the others within each pass, and each driver
// prints them its own way.
//
// Every driver runs on a copy of the golangci target (every kind of
// site it has: net.Dial, Dialer and ListenConfig literals, net.Listen,
// DialTCP, ListenTCP, tls.Dial, a raw syscall.Socket in a _linux.go
// file, a test file, a second package), of its nofix module (sites
// without a fix) and of testdata/drivers, all under the policy of the
// target's .golangci.yml, which kafix and go vet get as flags.
func TestSameMessageEveryDriver(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint and kafix; skipped with -short")
	}
	root := repoRoot(t)
	tmp := t.TempDir()
	gcl := buildGCL(t, tmp)
	kafix := buildKafix(t, tmp)
	// A lint cache of its own, as in TestGolangciLint.
	env := []string{"GOLANGCI_LINT_CACHE=" + filepath.Join(tmp, "lint-cache")}
	config, err := os.ReadFile(filepath.Join(root, "testdata", "golangci", "target", ".golangci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	flags := policyFlags(string(config))
	t.Logf("kafix and go vet get the policy of .golangci.yml as %s", strings.Join(flags, " "))

	var withFix, withoutFix int // messages of each kind, over all modules
	for _, mod := range []struct{ name, src string }{
		{"target", "testdata/golangci/target"},
		{"nofix", "testdata/golangci/target/nofix"},
		{"drivers", "testdata/drivers"},
	} {
		t.Run(mod.name, func(t *testing.T) {
			dir := filepath.Join(tmp, "same-"+mod.name)
			copyDir(t, filepath.Join(root, filepath.FromSlash(mod.src)), dir)
			if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), config, 0o644); err != nil {
				t.Fatal(err)
			}
			reports := []*driverSites{
				kafixCheckSites(t, dir, kafix, flags),
				kafixJSONSites(t, dir, kafix, flags),
				vetSites(t, dir, kafix, flags),
				golangciSites(t, dir, env, gcl),
			}
			var counts []string
			for _, r := range reports {
				counts = append(counts, fmt.Sprintf("%s %d", r.driver, len(r.sites)))
				for _, key := range sortedSites(r.sites) {
					checkMessage(t, r.driver, key, r.sites[key])
				}
			}
			t.Logf("%s: sites per driver: %s", mod.name, strings.Join(counts, ", "))
			ref := reports[0]
			if len(ref.sites) == 0 {
				t.Fatalf("%s reported no site in %s", ref.driver, mod.src)
			}
			for _, r := range reports[1:] {
				for _, d := range diffSites(ref, r) {
					t.Error(d)
				}
			}
			for _, msg := range ref.sites {
				if strings.Contains(msg, "; no automatic fix: ") {
					withoutFix++
				} else {
					withFix++
				}
			}
		})
	}
	// The comparison covers both endings of a message.
	if withFix == 0 || withoutFix == 0 {
		t.Errorf("%d messages with a fix and %d without one; want some of each", withFix, withoutFix)
	}
}

// buildKafix builds cmd/kafix into dir and returns the binary's
// absolute path (go vet runs it from the module's directory).
func buildKafix(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "kafix")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, errOut, code := run(t, repoRoot(t), nil, goTool(t), "build", "-o", bin, "./cmd/kafix"); code != 0 {
		t.Fatalf("go build ./cmd/kafix: exit %d\n%s%s", code, out, errOut)
	}
	return bin
}

// policyFlags turns the keepalive settings of a .golangci.yml into the
// flags that give kafix and go vet the same policy: the settings are
// the analyzer's flags, by the same names.
func policyFlags(config string) []string {
	var flags []string
	for _, key := range settingKeys() {
		if v, ok := yamlLookup(config, key); ok {
			flags = append(flags, "-"+key+"="+v)
		}
	}
	return flags
}

// driverSites is what one driver reported for a module: the message of
// each site by "file:line:col", the file slash-separated and relative
// to the module's root.
type driverSites struct {
	driver string
	sites  map[string]string
}

func newDriverSites(driver string) *driverSites {
	return &driverSites{driver: driver, sites: map[string]string{}}
}

// add records a site; a driver that reports one twice is wrong.
func (d *driverSites) add(t *testing.T, file string, line, col int, msg string) {
	t.Helper()
	key := fmt.Sprintf("%s:%d:%d", filepath.ToSlash(file), line, col)
	if old, dup := d.sites[key]; dup {
		t.Errorf("%s reports %s twice:\n\t%s\n\t%s", d.driver, key, old, msg)
	}
	d.sites[key] = msg
}

// diagLineRE matches a diagnostic as kafix -check and go vet print it,
// file:line:col: message. go vet may write the file as ./file.go.
var diagLineRE = regexp.MustCompile(`^(?:\./)?(\S+\.go):(\d+):(\d+): (.*)$`)

// parseDiagLines reads file:line:col: message lines. Every other line,
// except go vet's "# package" headers when headers is set, fails the
// test: a line the parser skipped could be part of a message.
func parseDiagLines(t *testing.T, driver, output string, headers bool) *driverSites {
	t.Helper()
	d := newDriverSites(driver)
	for _, line := range strings.Split(output, "\n") {
		if line == "" || headers && strings.HasPrefix(line, "# ") {
			continue
		}
		m := diagLineRE.FindStringSubmatch(line)
		if m == nil {
			t.Errorf("%s printed a line that is not file:line:col: message: %q", driver, line)
			continue
		}
		var ln, col int
		fmt.Sscan(m[2], &ln)
		fmt.Sscan(m[3], &col)
		d.add(t, m[1], ln, col, m[4])
	}
	return d
}

// kafixCheckSites runs kafix -check, which prints file:line:col:
// message on stdout, the file relative to the current directory, and
// exits 3 when there are sites.
func kafixCheckSites(t *testing.T, dir, kafix string, flags []string) *driverSites {
	t.Helper()
	args := append(append([]string{"-check"}, flags...), "./...")
	out, errOut, code := run(t, dir, nil, kafix, args...)
	if code != 3 {
		t.Errorf("kafix -check: exit %d, want 3 (sites reported)\nstderr:\n%s", code, errOut)
	}
	if errOut != "" {
		t.Logf("kafix -check stderr:\n%s", errOut)
	}
	return parseDiagLines(t, "kafix -check", out, false)
}

// kafixJSONSites runs kafix -json, which prints a JSON array of
// findings on stdout, each with the file's absolute name.
func kafixJSONSites(t *testing.T, dir, kafix string, flags []string) *driverSites {
	t.Helper()
	args := append(append([]string{"-json"}, flags...), "./...")
	out, errOut, code := run(t, dir, nil, kafix, args...)
	if code != 3 {
		t.Errorf("kafix -json: exit %d, want 3 (sites reported)\nstderr:\n%s", code, errOut)
	}
	if errOut != "" {
		t.Logf("kafix -json stderr:\n%s", errOut)
	}
	var findings []struct {
		File         string
		Line, Column int
		Message      string
	}
	if err := json.Unmarshal([]byte(out), &findings); err != nil {
		t.Fatalf("kafix -json: decoding its output: %v\n%s", err, out)
	}
	d := newDriverSites("kafix -json")
	for _, f := range findings {
		d.add(t, relFile(t, dir, f.File), f.Line, f.Column, f.Message)
	}
	return d
}

// vetSites runs go vet with kafix as its vet tool. go vet prints the
// diagnostics on stderr as file:line:col: message, after a "# package"
// header for each package that has some, and exits non-zero.
func vetSites(t *testing.T, dir, kafix string, flags []string) *driverSites {
	t.Helper()
	args := append(append([]string{"vet", "-vettool=" + kafix}, flags...), "./...")
	out, errOut, code := run(t, dir, nil, goTool(t), args...)
	if code == 0 {
		t.Errorf("go vet: exit 0, want non-zero for the diagnostics")
	}
	if out != "" {
		t.Errorf("go vet printed on stdout:\n%s", out)
	}
	return parseDiagLines(t, "go vet", errOut, true)
}

// golangciSites runs golangci-lint as lintJSON does, with every issue
// kept (runArgs), and reads the keepalive issues of its JSON report.
//
// golangci-lint adds nothing to the text of the plugin's issues: it
// prefixes the analyzer's name only when that differs from the
// linter's (both are keepalive), and appends "(keepalive)" only in its
// text output, which the test does not read. So the test compares
// golangci-lint's text as it is; a decoration, were one to appear,
// shows as a difference.
func golangciSites(t *testing.T, dir string, env []string, gcl string) *driverSites {
	t.Helper()
	issues, code := lintJSON(t, dir, env, gcl, false)
	if code != 1 {
		t.Errorf("golangci-lint run: exit %d, want 1 (issues found)", code)
	}
	d := newDriverSites("golangci-lint")
	for _, is := range issues {
		d.add(t, relFile(t, dir, is.Pos.Filename), is.Pos.Line, is.Pos.Column, is.Text)
	}
	return d
}

// relFile returns name relative to the module's root dir. A driver that
// prints absolute names may have resolved symbolic links in dir.
func relFile(t *testing.T, dir, name string) string {
	t.Helper()
	if !filepath.IsAbs(name) {
		return name
	}
	dirs := []string{dir}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dirs = append(dirs, real)
	}
	for _, d := range dirs {
		if rel, err := filepath.Rel(d, name); err == nil && filepath.IsLocal(rel) {
			return rel
		}
	}
	t.Errorf("%s is not below the module's root %s", name, dir)
	return name
}

// checkMessage asserts that a message is the one sentence every
// driver prints: what the site does today, at most about 160
// characters, the reason included where there is no automatic fix.
func checkMessage(t *testing.T, driver, key, msg string) {
	t.Helper()
	switch {
	case strings.TrimSpace(msg) == "":
		t.Errorf("%s: %s: empty message", driver, key)
	case strings.Contains(msg, "; the fix "):
		t.Errorf("%s: %s: the message says what the fix sets, which is the fix's own message: %s", driver, key, msg)
	case len(msg) > 160:
		t.Errorf("%s: %s: a message of %d characters, want at most 160: %s", driver, key, len(msg), msg)
	}
}

// maxMismatches is how many differences between two drivers the test
// spells out; the rest it counts.
const maxMismatches = 5

// diffSites describes how b's report differs from a's, site by site in
// order: a site one of them lacks, or the first byte where their
// messages part, with the text around it.
func diffSites(a, b *driverSites) []string {
	keys := map[string]bool{}
	for k := range a.sites {
		keys[k] = true
	}
	for k := range b.sites {
		keys[k] = true
	}
	var out []string
	n := 0
	for _, k := range sortedSites(keys) {
		am, inA := a.sites[k]
		bm, inB := b.sites[k]
		var d string
		switch {
		case !inB:
			d = fmt.Sprintf("%s: reported by %s, not by %s:\n\t%s", k, a.driver, b.driver, am)
		case !inA:
			d = fmt.Sprintf("%s: reported by %s, not by %s:\n\t%s", k, b.driver, a.driver, bm)
		case am != bm:
			i := firstDifference(am, bm)
			d = fmt.Sprintf("%s: %s and %s differ from byte %d on:\n\t%-14s %s\n\t%-14s %s\n\tfull message (%s):\n\t%s",
				k, a.driver, b.driver, i, a.driver+":", excerpt(am, i), b.driver+":", excerpt(bm, i), a.driver, am)
		default:
			continue
		}
		if n++; n <= maxMismatches {
			out = append(out, d)
		}
	}
	if n > maxMismatches {
		out = append(out, fmt.Sprintf("%s and %s: %d more differences", a.driver, b.driver, n-maxMismatches))
	}
	return out
}

// sortedSites returns the keys of m in file, line and column order.
func sortedSites[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return siteLess(keys[i], keys[j]) })
	return keys
}

// siteLess orders "file:line:col" keys by file, then numerically.
func siteLess(a, b string) bool {
	parse := func(k string) (file string, line, col int) {
		i := strings.LastIndexByte(k, ':')
		j := strings.LastIndexByte(k[:i], ':')
		fmt.Sscan(k[j+1:i], &line)
		fmt.Sscan(k[i+1:], &col)
		return k[:j], line, col
	}
	fa, la, ca := parse(a)
	fb, lb, cb := parse(b)
	if fa != fb {
		return fa < fb
	}
	if la != lb {
		return la < lb
	}
	return ca < cb
}

// firstDifference is the index of the first byte where a and b differ
// (the length of the shorter if one is a prefix of the other).
func firstDifference(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// excerpt shows s around byte i: a little of what came before, then
// what follows, with » marking i.
func excerpt(s string, i int) string {
	const before, after = 40, 80
	start, end := max(0, i-before), min(len(s), i+after)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	fmt.Fprintf(&b, "%s»%s", s[start:i], s[i:end])
	if end < len(s) {
		b.WriteString("…")
	}
	return fmt.Sprintf("%q", b.String())
}
