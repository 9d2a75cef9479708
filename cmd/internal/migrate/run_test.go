package migrate

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/cmd/internal/testmodule"
)

// isFixed reports whether a dialFile was fixed.
func isFixed(t *testing.T, path string) bool {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(data, []byte("KeepAliveConfig: net.KeepAliveConfig{Enable: true"))
}

// migrate runs the migration in process on ./... in dir, test files
// included, with hook called before each write, and returns the exit
// status and stderr.
func migrate(t *testing.T, dir string, opts Options, hook func(string)) (int, string) {
	t.Helper()
	return migrateWith(t, dir, analyzer.New(analyzer.DefaultConfig(), analyzer.DeferFixes()), opts, hook) // as cmd/kafix runs it
}

func migrateWith(t *testing.T, dir string, a *analysis.Analyzer, opts Options, hook func(string)) (int, string) {
	t.Helper()
	return migrateRounds(t, dir, a, opts, hook, 0)
}

func migrateRounds(t *testing.T, dir string, a *analysis.Analyzer, opts Options, hook func(string), rounds int) (int, string) {
	t.Helper()
	r := newTestRunner(dir, opts, hook)
	r.analyzer, r.maxRounds = a, rounds
	return runTestRunner(t, r)
}

// newTestRunner is the runner of migrate, which a test may keep to
// look into while it runs.
func newTestRunner(dir string, opts Options, hook func(string)) *runner {
	opts.Dir = dir
	opts.Tests = true // kafix's default
	opts.Stdout, opts.Stderr = new(bytes.Buffer), new(bytes.Buffer)
	return &runner{opts: opts, analyzer: analyzer.New(analyzer.DefaultConfig(), analyzer.DeferFixes()), beforeWrite: hook}
}

// runTestRunner runs r on ./... and returns the exit status and
// stderr.
func runTestRunner(t *testing.T, r *runner) (int, string) {
	t.Helper()
	r.exit = func(code int) { t.Errorf("the run would exit with status %d", code) }
	code := r.run([]string{"./..."})
	t.Logf("exit %d\nstdout:\n%s\nstderr:\n%s", code, r.opts.Stdout, r.opts.Stderr)
	return code, r.opts.Stderr.(*bytes.Buffer).String()
}

// goVet fails the test unless the module in dir, tests included,
// builds and vets cleanly.
func goVet(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet ./... after the migration: %v\n%s", err, out)
	}
}

// TestRunFileChangedBeforeWrite: a file that changes on disk after
// kafix loaded it, here right before kafix writes it, keeps the user's
// change; the other files are still fixed; the file is named and the
// exit status says something was not written.
func TestRunFileChangedBeforeWrite(t *testing.T) {
	dir := testmodule.Write(t, map[string]string{"a/a.go": testmodule.Dial("a"), "b/b.go": testmodule.Dial("b")})
	a := filepath.Join(dir, "a", "a.go")
	userEdit := "// Saved by the user while kafix ran.\n" + testmodule.Dial("a")
	hooked := 0
	code, stderr := migrate(t, dir, Options{}, func(name string) {
		if name == a {
			hooked++
			if err := os.WriteFile(a, []byte(userEdit), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	})
	if hooked != 1 {
		t.Fatalf("the hook ran %d times for a/a.go, want 1", hooked)
	}
	assertContent(t, a, userEdit)
	if !isFixed(t, filepath.Join(dir, "b", "b.go")) {
		t.Error("b/b.go was not fixed")
	}
	if code != ExitSkipped {
		t.Errorf("exit status %d, want %d", code, ExitSkipped)
	}
	if want := "kafix: a/a.go not written: the file changed on disk since kafix loaded it\n"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q", want)
	}
	if temps := tempFiles(t, filepath.Dir(a)); len(temps) > 0 {
		t.Errorf("temporary files left: %v", temps)
	}
}

// TestRunSummary checks the closing report of a run with a package
// skipped for a type error, a read-only file and a site without an
// automatic fix, next to a file that is fixed; and the -v progress.
func TestRunSummary(t *testing.T) {
	dir := testmodule.Write(t, map[string]string{
		"good/good.go": testmodule.Dial("good"),
		"ro/ro.go":     testmodule.Dial("ro"),
		"broken/broken.go": `package broken

import "net"

func Dial(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }

var _ = undefinedName
`,
		"left/left.go": `package left

import "net"

func Listen(a *net.TCPAddr) (*net.TCPListener, error) {
	return net.ListenTCP("tcp", a)
}
`,
	})
	ro := filepath.Join(dir, "ro", "ro.go")
	if err := os.Chmod(ro, 0o444); err != nil {
		t.Fatal(err)
	}
	var stdout, stderrBuf bytes.Buffer
	r := &runner{
		opts:     Options{Verbose: true, Tests: true, Dir: dir, Stdout: &stdout, Stderr: &stderrBuf},
		analyzer: analyzer.New(analyzer.DefaultConfig()),
		tick:     20 * time.Millisecond,
	}
	code := r.run([]string{"./..."})
	stderr := stderrBuf.String()
	t.Logf("exit %d\nstderr:\n%s", code, stderr)
	if code != ExitSkipped {
		t.Errorf("exit status %d, want %d", code, ExitSkipped)
	}

	var progress, report []string
	for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if regexp.MustCompile(`^kafix: +\d+\.\d+s `).MatchString(line) {
			progress = append(progress, line)
		} else {
			report = append(report, line)
		}
	}
	// Progress: the loading as it goes, one line per package as it
	// is analyzed, one per file written.
	if !regexp.MustCompile(`(?m)^kafix: +\d+\.\d+s loading: \d+ files? parsed$`).MatchString(stderr) {
		t.Errorf("no progress while loading")
	}
	for _, want := range []string{
		`\[\d/3\] example.com/m/good: 1 site$`,
		`\[\d/3\] example.com/m/ro: 1 site$`,
		`\[\d/3\] example.com/m/left: 1 site$`,
		`analyzed 3 packages: 3 sites$`,
		`wrote good/good.go$`,
	} {
		re := regexp.MustCompile(want)
		n := 0
		for _, line := range progress {
			if re.MatchString(line) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d progress lines match %q, want 1:\n%s", n, want, strings.Join(progress, "\n"))
		}
	}

	want := []string{
		`kafix: skipped package example.com/m/broken: broken/broken.go:7:9: undefined: undefinedName`,
		`kafix: ro/ro.go not written: the file is read-only`,
		`kafix: fixed good/good.go:6:9: Turn keepalive on: 30s idle, `, // -v: what the fix sets
		`kafix: left left/left.go:6:9: no automatic fix: `,
		`kafix: left ro/ro.go:6:9: ro/ro.go not written: the file is read-only`,
		`kafix: 3 sites found, 1 fixed, 2 left, 1 file written, 1 package skipped (`,
	}
	if len(report) != len(want) {
		t.Fatalf("summary has %d lines, want %d:\n%s", len(report), len(want), strings.Join(report, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(report[i], want[i]) {
			t.Errorf("summary line %d:\n got %s\nwant %s...", i+1, report[i], want[i])
		}
	}
	if !isFixed(t, filepath.Join(dir, "good", "good.go")) {
		t.Error("good/good.go was not fixed")
	}
	assertContent(t, ro, testmodule.Dial("ro"))
}

// commentFixer is an analyzer for tests: each comment "// fix: TEXT"
// is a site, whose fix replaces the comment with TEXT, where $FREE
// stands for the first of dup, dup2, dup3... that the package does not
// declare (as a fixer picks a free name).
var commentFixer = &analysis.Analyzer{
	Name: "commentfixer",
	Doc:  "replaces // fix: comments, for tests",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, d := range commentDiagnostics(pass.Pkg, pass.Files) {
			pass.Report(d)
		}
		return nil, nil
	},
}

func commentDiagnostics(pkg *types.Package, files []*ast.File) []analysis.Diagnostic {
	free := "dup"
	for i := 2; pkg.Scope().Lookup(free) != nil; i++ {
		free = fmt.Sprintf("dup%d", i)
	}
	var out []analysis.Diagnostic
	for _, f := range files {
		for _, group := range f.Comments {
			for _, c := range group.List {
				text, ok := strings.CutPrefix(c.Text, "// fix: ")
				if !ok {
					continue
				}
				out = append(out, analysis.Diagnostic{
					Pos:     c.Pos(),
					End:     c.End(),
					Message: "fix me",
					SuggestedFixes: []analysis.SuggestedFix{{
						Message:   "fix",
						TextEdits: []analysis.TextEdit{{Pos: c.Pos(), End: c.End(), NewText: []byte(strings.ReplaceAll(text, "$FREE", free))}},
					}},
				})
			}
		}
	}
	return out
}

// deferringFixer is commentFixer as a deferring analyzer (like
// keepalive under analyzer.Config.Deferred): a pass returns its sites,
// which the driver diagnoses after the analysis. Diagnosing a package
// named bad panics.
var deferringFixer = &analysis.Analyzer{
	Name:       "deferringfixer",
	Doc:        "replaces // fix: comments after the analysis, for tests",
	ResultType: reflect.TypeFor[*commentSites](),
	Run: func(pass *analysis.Pass) (any, error) {
		return &commentSites{pkg: pass.Pkg, files: pass.Files, diags: commentDiagnostics(pass.Pkg, pass.Files)}, nil
	},
}

type commentSites struct {
	pkg   *types.Package
	files []*ast.File
	diags []analysis.Diagnostic
}

func (s *commentSites) Len() int                          { return len(s.diags) }
func (s *commentSites) Span(i int) (token.Pos, token.Pos) { return s.diags[i].Pos, s.diags[i].End }
func (s *commentSites) Diagnose(keep func(int) bool) []analyzer.Diagnosis {
	if s.pkg.Name() == "bad" {
		panic("a fixer bug")
	}
	var out []analyzer.Diagnosis
	for i, d := range s.diags {
		if keep(i) {
			out = append(out, analyzer.Diagnosis{Diagnostic: d})
		}
	}
	return out
}

// TestRunDeferred: a deferring analyzer's sites are fixed once, even
// in a file that a package and its test variant share; a package whose
// fixes panic is skipped and named, the others are fixed.
func TestRunDeferred(t *testing.T) {
	dir := testmodule.Write(t, map[string]string{
		"good/good.go":      "package good\n\nvar x = 1 // fix: // fixed\n",
		"good/good_test.go": "package good\n\nvar y = 2 // fix: // fixed too\n",
		"bad/bad.go":        "package bad\n\nvar x = 1 // fix: // fixed\n",
	})
	code, stderr := migrateWith(t, dir, deferringFixer, Options{}, nil)
	if code != ExitSkipped {
		t.Errorf("exit %d, want %d", code, ExitSkipped)
	}
	stderrHas(t, stderr,
		"skipped package example.com/m/bad: the analyzer panicked (a kafix bug; -v prints the stack): a fixer bug",
		"2 sites found, 2 fixed, 0 left, 2 files written, 1 package skipped",
	)
	assertContent(t, filepath.Join(dir, "good", "good.go"), "package good\n\nvar x = 1 // fixed\n")
	assertContent(t, filepath.Join(dir, "good", "good_test.go"), "package good\n\nvar y = 2 // fixed too\n")
	assertContent(t, filepath.Join(dir, "bad", "bad.go"), "package bad\n\nvar x = 1 // fix: // fixed\n")
}

// TestRunRefusesFixesThatDoNotCompile: the result of the fixes is
// type-checked before anything is written, in every package that
// holds a changed file, test variants included. A fix that a package
// would not compile with is refused, and its site is named with the
// compiler's reason; the package's other fixes are kept; a file left
// with no fix keeps its bytes; the exit status is 2.
func TestRunRefusesFixesThatDoNotCompile(t *testing.T) {
	files := map[string]string{
		// p compiles with its fix, but its test variant does not:
		// p_test.go declares the name that the fix adds.
		"p/p.go":      "package p\n\n// fix: var added = 1\n",
		"p/p_test.go": "package p\n\nvar added = 0\n",
		// q does not compile with its fix.
		"q/q.go": "package q\n\n// fix: var bad int = \"not an int\"\n",
		// s compiles with two of its three fixes.
		"s/s.go": "package s\n\n// fix: var ok1 = 1\n// fix: var broken int = \"x\"\n// fix: var ok2 = 2\n",
		// r is fine.
		"r/r.go": "package r\n\n// fix: var added = 1\n",
	}
	dir := testmodule.Write(t, files)
	code, stderr := migrateWith(t, dir, commentFixer, Options{}, nil)
	if code != ExitSkipped {
		t.Errorf("exit status %d, want %d", code, ExitSkipped)
	}
	for _, name := range []string{"p/p.go", "p/p_test.go", "q/q.go"} {
		assertContent(t, filepath.Join(dir, filepath.FromSlash(name)), files[name])
	}
	assertContent(t, filepath.Join(dir, "r", "r.go"), "package r\n\nvar added = 1\n")
	assertContent(t, filepath.Join(dir, "s", "s.go"), "package s\n\nvar ok1 = 1\n// fix: var broken int = \"x\"\nvar ok2 = 2\n")
	stderrHas(t, stderr,
		"kafix: left p/p.go:3:1: its fix would not compile: package example.com/m/p [example.com/m/p.test]: p/p_test.go:3:5: added redeclared in this block",
		"kafix: left q/q.go:3:1: its fix would not compile: package example.com/m/q: q/q.go:3:15: cannot use \"not an int\"",
		"kafix: left s/s.go:4:1: its fix would not compile: package example.com/m/s: s/s.go:4:18: cannot use \"x\"",
		"kafix: 6 sites found, 3 fixed, 3 left, 2 files written",
	)
}

// TestRunSemanticConflict: two fixes that each compile alone but not
// together (both declare the name that was free when they were made)
// are a conflict: the first is kept, and the next pass, on the code
// with it, makes the second again, under another name.
func TestRunSemanticConflict(t *testing.T) {
	dir := testmodule.Write(t, map[string]string{
		"d/a.go": "package d\n\n// fix: var $FREE = 1\n",
		"d/b.go": "package d\n\n// fix: var $FREE = 2\n",
	})
	code, stderr := migrateWith(t, dir, commentFixer, Options{Verbose: true}, nil)
	if code != ExitOK {
		t.Errorf("exit status %d, want %d", code, ExitOK)
	}
	assertContent(t, filepath.Join(dir, "d", "a.go"), "package d\n\nvar dup = 1\n")
	assertContent(t, filepath.Join(dir, "d", "b.go"), "package d\n\nvar dup2 = 2\n")
	stderrHas(t, stderr, "pass 2: 1 directory with conflicting fixes: d\n", "kafix: 2 sites found, 2 fixed, 0 left, 2 files written")

	// With one pass, the second fix is left as a conflict.
	dir = testmodule.Write(t, map[string]string{
		"d/a.go": "package d\n\n// fix: var $FREE = 1\n",
		"d/b.go": "package d\n\n// fix: var $FREE = 2\n",
	})
	code, stderr = migrateRounds(t, dir, commentFixer, Options{}, nil, 1)
	if code != ExitFindings {
		t.Errorf("one pass: exit status %d, want %d", code, ExitFindings)
	}
	assertContent(t, filepath.Join(dir, "d", "b.go"), "package d\n\n// fix: var $FREE = 2\n")
	if want := "kafix: left d/b.go:3:1: its fix does not compile together with other fixes of package example.com/m/d; run kafix again\n"; !strings.Contains(stderr, want) {
		t.Errorf("one pass: stderr lacks %q", want)
	}
}

// TestRunConflictRefused: with a single pass, of two fixes that
// rewrite the same bytes the first is taken whole and the second is
// refused, never interleaved: its site is named with the reason, the
// exit status says a site was left, and the file compiles. (The
// keepalive fixes of two sites on one line no longer conflict: each
// edits only its own spans; conflictFixer makes two that do.)
func TestRunConflictRefused(t *testing.T) {
	src := "package two\n\nvar x = 1 // conflict: + 1 | + 2\n"
	dir := testmodule.Write(t, map[string]string{"two/two.go": src})
	code, stderr := migrateRounds(t, dir, conflictFixer, Options{}, nil, 1)
	if code != ExitFindings {
		t.Errorf("exit status %d, want %d", code, ExitFindings)
	}
	stderrHas(t, stderr,
		"kafix: left two/two.go:3:12: its fix conflicts with another fix in two/two.go; run kafix again\n",
		"kafix: 2 sites found, 1 fixed, 1 left, 1 file written",
	)
	assertContent(t, filepath.Join(dir, "two", "two.go"), "package two\n\nvar x = 1 + 1\n")
	goVet(t, dir)
}

// conflictFixer is an analyzer for tests: each comment "// conflict:
// A | B" is two sites, at its first and second byte, whose fixes
// replace the comment with A and with B: two fixes of the same bytes.
var conflictFixer = &analysis.Analyzer{
	Name: "conflictfixer",
	Doc:  "replaces // conflict: comments twice, for tests",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, group := range f.Comments {
				for _, c := range group.List {
					text, ok := strings.CutPrefix(c.Text, "// conflict: ")
					if !ok {
						continue
					}
					for i, alt := range strings.Split(text, " | ") {
						pos := c.Pos() + token.Pos(i)
						pass.Report(analysis.Diagnostic{
							Pos:     pos,
							Message: "fix me",
							SuggestedFixes: []analysis.SuggestedFix{{
								Message:   "fix",
								TextEdits: []analysis.TextEdit{{Pos: c.Pos(), End: c.End(), NewText: []byte(alt)}},
							}},
						})
					}
				}
			}
		}
		return nil, nil
	},
}

// stderrHas fails t for each of wants that stderr lacks.
func stderrHas(t *testing.T, stderr string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
}

// TestRunVerifySeesOtherFiles: verify leaves out the bodies of the
// files that no fix changed, which type-checked when the package
// loaded. A fix that changes what such a body uses (here the type of a
// package-level variable) is still refused with the compiler's reason
// in that body; a fix that changes nothing they use is kept, though
// their imports, init functions and generic functions (which go/types
// checks for a body) lose their uses.
func TestRunVerifySeesOtherFiles(t *testing.T) {
	files := map[string]string{
		"v/a.go": "package v\n\nvar n = 1 // fix: + 0.5\n",
		"v/b.go": "package v\n\nimport \"strconv\"\n\nfunc f() string { return strconv.Itoa(n) }\n",
		"w/a.go": "package w\n\nvar n = 1 // fix: + 1\n",
		"w/b.go": "package w\n\nimport (\n\t\"strconv\"\n\t\"strings\"\n)\n\nfunc init() { _ = strings.TrimSpace(\"\") }\n\nfunc g[T any](x T) T { return x }\n\nfunc f() string { return strconv.Itoa(g(n)) }\n",
	}
	dir := testmodule.Write(t, files)
	code, stderr := migrateWith(t, dir, commentFixer, Options{}, nil)
	if code != ExitSkipped {
		t.Errorf("exit status %d, want %d", code, ExitSkipped)
	}
	assertContent(t, filepath.Join(dir, "v", "a.go"), files["v/a.go"])
	assertContent(t, filepath.Join(dir, "w", "a.go"), "package w\n\nvar n = 1 + 1\n")
	stderrHas(t, stderr,
		"kafix: left v/a.go:3:11: its fix would not compile: package example.com/m/v: v/b.go:5:39: cannot use n",
		"kafix: 2 sites found, 1 fixed, 1 left, 1 file written",
	)
}

// TestRunSummaryMeetsPolicy: a fix that meets the policy in force is
// counted as fixed, a keepalive-only fix under -user-timeout=0
// included; a fix that leaves the timers to the system (a raw
// SO_KEEPALIVE turned from 0 to 1) is partly fixed, with the reason.
// Under -v each fix's message is printed with its position.
func TestRunSummaryMeetsPolicy(t *testing.T) {
	dir := testmodule.Write(t, map[string]string{
		"a/a.go": testmodule.Dial("a"),
		"b/b_linux.go": `package b

import "syscall"

func Off(fd int) error {
	return syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 0)
}
`,
	})
	cfg := analyzer.DefaultConfig()
	cfg.Policy.UserTimeout = 0
	code, stderr := migrateWith(t, dir, analyzer.New(cfg, analyzer.DeferFixes()), Options{Verbose: true}, nil)
	if code != ExitOK {
		t.Errorf("exit status %d, want %d", code, ExitOK)
	}
	stderrHas(t, stderr,
		"kafix: fixed a/a.go:6:9: Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s (data in flight waits for the system's retransmission limit; see -user-timeout)\n",
		"kafix: partly fixed b/b_linux.go:6:9: the keepalive timers are left to the system\n",
		"kafix: 2 sites found, 1 fixed, 1 partly fixed, 0 left, 2 files written",
	)
}
