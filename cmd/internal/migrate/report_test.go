package migrate

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/cmd/internal/testmodule"
)

// reportModule has a site with a fix, a site without one, and a
// //kafix:ignore without a reason, which silences nothing: the site below
// it is reported and fixed like any other.
func reportModule(t *testing.T) string {
	return testmodule.Write(t, map[string]string{
		"a/a.go": testmodule.Dial("a"),
		"left/left.go": `package left

import "net"

func Listen(a *net.TCPAddr) (*net.TCPListener, error) {
	return net.ListenTCP("tcp", a)
}
`,
		"bare/bare.go": `package bare

import "net"

func Dial(addr string) (net.Conn, error) {
	//kafix:ignore
	return net.Dial("tcp", addr)
}
`,
	})
}

// bareDirective is how the runs below name the directive of
// reportModule.
const bareDirective = "bare/bare.go:6:2: //kafix:ignore without a reason silences nothing: write //kafix:ignore <reason>"

// reportOnly is the analyzer as kafix runs it under -check and -json.
func reportOnly() *analysis.Analyzer {
	return analyzer.New(analyzer.DefaultConfig(), analyzer.DeferFixes(), analyzer.ReportOnly())
}

// TestRunCheckSummary: -check prints its findings on stdout, the
// directive among them, and ends, as -diff does, with one line of
// totals on stderr, which counts the directive apart from the sites.
func TestRunCheckSummary(t *testing.T) {
	dir := reportModule(t)
	r := newTestRunner(dir, Options{Check: true}, nil)
	r.analyzer = reportOnly()
	code, stderr := runTestRunner(t, r)
	if code != ExitFindings {
		t.Errorf("exit status %d, want %d", code, ExitFindings)
	}
	stdout := r.opts.Stdout.(*bytes.Buffer).String()
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[1], bareDirective) {
		t.Errorf("stdout: want 4 findings, the directive second:\n%s", stdout)
	}
	if !regexp.MustCompile(`^kafix: 3 sites found, 2 fixable, 1 left, 1 directive without a reason \(\d+\.\ds\)\n$`).MatchString(stderr) {
		t.Errorf("stderr is not the one line of totals:\n%s", stderr)
	}

	// -diff's line, for comparison: the same words, and the files.
	r = newTestRunner(dir, Options{Diff: true}, nil)
	_, stderr = runTestRunner(t, r)
	stderrHas(t, stderr, "kafix: "+bareDirective+"\n", "kafix: 3 sites found, 2 fixable, 1 left, 2 files differ, 1 directive without a reason (")
}

// TestRunJSONDirective: -json reports the directive with the sites, in
// its own category, and prints no totals without -v: its output is for
// programs.
func TestRunJSONDirective(t *testing.T) {
	dir := reportModule(t)
	r := newTestRunner(dir, Options{JSON: true}, nil)
	r.analyzer = reportOnly()
	code, stderr := runTestRunner(t, r)
	if code != ExitFindings {
		t.Errorf("exit status %d, want %d", code, ExitFindings)
	}
	if stderr != "" {
		t.Errorf("stderr: %s", stderr)
	}
	var found []jsonFinding
	if err := json.Unmarshal(r.opts.Stdout.(*bytes.Buffer).Bytes(), &found); err != nil {
		t.Fatal(err)
	}
	categories := map[string]int{}
	for _, f := range found {
		categories[f.Category]++
		if f.Category == analyzer.DirectiveCategory && (filepath.Base(f.File) != "bare.go" || f.Line != 6) {
			t.Errorf("directive reported at %s:%d, want bare/bare.go:6", f.File, f.Line)
		}
	}
	if categories["keepalive"] != 3 || categories[analyzer.DirectiveCategory] != 1 {
		t.Errorf("categories %v, want 3 keepalive and 1 %s", categories, analyzer.DirectiveCategory)
	}
}

// TestRunDirectiveLeft: a migration fixes the site under a directive
// without a reason, names the directive in its report, counts it apart
// from the sites, and exits 3, as for a site left: the user has
// something to mend.
func TestRunDirectiveLeft(t *testing.T) {
	dir := testmodule.Write(t, map[string]string{"bare/bare.go": `package bare

import "net"

func Dial(addr string) (net.Conn, error) {
	//kafix:ignore
	return net.Dial("tcp", addr)
}
`})
	code, stderr := migrate(t, dir, Options{}, nil)
	if code != ExitFindings {
		t.Errorf("exit status %d, want %d", code, ExitFindings)
	}
	stderrHas(t, stderr, "kafix: "+bareDirective+"\n", "kafix: 1 site found, 1 fixed, 0 left, 1 file written, 1 directive without a reason (")
	if !isFixed(t, filepath.Join(dir, "bare", "bare.go")) {
		t.Error("bare/bare.go was not fixed")
	}
}

// TestRunConflictingModes: -check, -json and -diff are each a report
// of their own; two of them are a usage error, named in one line,
// before anything is loaded.
func TestRunConflictingModes(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{JSON: true, Diff: true}, "kafix: -json and -diff cannot be used together: pick one\n"},
		{Options{Check: true, Diff: true}, "kafix: -check and -diff cannot be used together: pick one\n"},
		{Options{Check: true, JSON: true}, "kafix: -check and -json cannot be used together: pick one\n"},
		{Options{Check: true, JSON: true, Diff: true}, "kafix: -check, -json and -diff cannot be used together: pick one\n"},
	} {
		var stdout, stderr bytes.Buffer
		tc.opts.Stdout, tc.opts.Stderr = &stdout, &stderr
		tc.opts.Dir = t.TempDir() // no module: a run that loaded would fail otherwise
		if code := Run(analyzer.Analyzer, tc.opts, []string{"./..."}); code != ExitUsage {
			t.Errorf("%+v: exit status %d, want %d", tc.opts, code, ExitUsage)
		}
		if stderr.String() != tc.want || stdout.Len() > 0 {
			t.Errorf("stderr %q, stdout %q; want stderr %q", stderr.String(), stdout.String(), tc.want)
		}
	}
}
