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

// idle45RE matches an idle time of 45s as a fix may write it.
var idle45RE = regexp.MustCompile(`Idle:\s*(45 \* time\.Second|45e9|time\.Duration\(45\) \* time\.Second)`)

// runArgs make golangci-lint print (and fix) every issue.
var runArgs = []string{"run", "--max-same-issues=0", "--max-issues-per-linter=0", "--uniq-by-line=false"}

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
		out, errOut, code := run(t, dir, env, gcl, "run", "./...")
		t.Logf("exit %d\n%s%s", code, out, errOut)
		if code == 0 || !strings.Contains(out+errOut, `unknown key "intervall"; valid keys are require, idle, interval, count, gate, gate-name`) {
			t.Errorf("run with a misspelt setting: exit %d, want a failure naming the key and the valid ones", code)
		}
	})

	t.Run("bad duration", func(t *testing.T) {
		dir := filepath.Join(tmp, "bad-duration")
		editConfig(t, target, dir, "idle: 30s", "idle: 30 seconds")
		out, errOut, code := run(t, dir, env, gcl, "run", "./...")
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
		checkIssues(t, issues, nil)
		if code != 0 {
			t.Errorf("run: exit %d, want 0", code)
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
		fixed := readTree(t, dir)["conn.go"]
		if n := len(idle45RE.FindAllString(fixed, -1)); n != len(targetWant) {
			t.Errorf("conn.go after run --fix with idle: 45s sets a 45s idle time %d times, want %d:\n%s", n, len(targetWant), fixed)
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
	if after["conn.go"] == before["conn.go"] {
		t.Errorf("run --fix did not change conn.go")
	}
	for name, data := range after {
		if name != "conn.go" && data != before[name] {
			t.Errorf("run --fix changed %s, which has no diagnostics", name)
		}
	}
	t.Logf("conn.go after --fix:\n%s", after["conn.go"])

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
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			v, _, _ = strings.Cut(v, " #")
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	t.Fatalf("no %q in\n%s", key, text)
	return ""
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
