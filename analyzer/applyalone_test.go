package analyzer_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/fixer"
	"github.com/kafix/kafix/fixer/textedit"
)

// TestEveryFixCompiles applies every suggested fix that the analyzer
// emits on the testdata packages that have goldens (GOPATH packages
// under testdata/src, tests included, and the modules at older go
// lines), under each gate, and type-checks the result, in two ways:
//   - each fix alone, on the original files, as gopls or golangci-lint
//     --fix may apply it: the fix must compile by itself, declarations
//     it relies on included;
//   - every fix of the package merged as go fix merges them (an edit
//     two fixes share applies once, a fix that overlaps one already
//     taken is left out), which must compile too, and keep a gofmt'd
//     file gofmt'd.
//
// The programs of FuzzFix and FuzzSites are checked the same way, file
// by file, by their seeds (fixer/fuzz_test.go, checkFixes).
//
// The packages are loaded and analyzed once per gate; each result is
// type-checked in memory against the packages they import.
func TestEveryFixCompiles(t *testing.T) {
	start := time.Now()
	root := testdata(t)
	// The standard packages that fixes may import.
	std := []string{"context", "errors", "flag", "fmt", "net", "os", "runtime", "strconv", "sync", "syscall", "time"}
	// The modules at older go lines, in one workspace, so that the
	// standard library is loaded twice in all, not once a module.
	modules := []string{"oldgo", "oldgo117", "gatego120", "gateold", "rawunix"}
	work := "go 1.26.0\n\nuse (\n"
	var modulePatterns []string
	for _, m := range modules {
		work += "\t" + filepath.Join(root, m) + "\n"
		modulePatterns = append(modulePatterns, m+"/...")
	}
	workFile := filepath.Join(t.TempDir(), "go.work")
	if err := os.WriteFile(workFile, []byte(work+")\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	loads := []struct {
		dir      string
		env      []string
		patterns []string
	}{
		{filepath.Join(root, "src"), []string{"GOPATH=" + root, "GO111MODULE=off", "GOFLAGS=", "GOWORK=off"}, append(goldenPackages(t, filepath.Join(root, "src")), std...)},
		{filepath.Dir(workFile), []string{"GO111MODULE=on", "GOFLAGS=", "GOWORK=" + workFile, "GOPROXY=off"}, append(modulePatterns, std...)},
	}
	checked := 0
	for _, l := range loads {
		cfg := &packages.Config{
			Mode:  packages.LoadAllSyntax | packages.NeedModule,
			Dir:   l.dir,
			Tests: true,
			Env:   append(os.Environ(), l.env...),
		}
		loadStart := time.Now()
		pkgs, err := packages.Load(cfg, l.patterns...)
		if err != nil {
			t.Fatal(err)
		}
		if packages.PrintErrors(pkgs) > 0 {
			t.Fatalf("%s: the packages do not load", l.dir)
		}
		t.Logf("%s: %d packages loaded in %v", l.dir, len(pkgs), time.Since(loadStart).Round(time.Millisecond))
		stdPkgs := map[string]*types.Package{}
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			if p.Types != nil && !strings.Contains(p.ID, " ") {
				stdPkgs[p.PkgPath] = p.Types
			}
		})
		for _, gate := range fixer.Gates {
			config := analyzer.DefaultConfig()
			config.Policy.Gate = gate
			graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.New(config)}, pkgs, nil)
			if err != nil {
				t.Fatal(err)
			}
			for act := range graph.All() {
				if !act.IsRoot || act.Err != nil || slices.Contains(std, act.Package.PkgPath) {
					continue
				}
				checked += checkPackageFixes(t, fmt.Sprintf("gate=%s %s", gate, act.Package.ID), act.Package, act.Diagnostics, stdPkgs)
			}
		}
	}
	t.Logf("%d fixes type-checked alone, and merged per package, in %v", checked, time.Since(start).Round(time.Millisecond))
	if checked < 100 {
		t.Errorf("only %d fixes checked", checked)
	}
}

// goldenPackages are the import paths of the packages under src that
// have .golden files.
func goldenPackages(t *testing.T, src string) []string {
	t.Helper()
	seen := map[string]bool{}
	var out []string
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".golden") {
			return err
		}
		rel, err := filepath.Rel(src, filepath.Dir(path))
		if err != nil {
			return err
		}
		if p := filepath.ToSlash(rel); !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 20 {
		t.Fatalf("only %d packages with goldens under %s", len(out), src)
	}
	return out
}

// checkPackageFixes type-checks pkg with each fix of diags applied
// alone, then with all of them merged, and returns the number of
// fixes. A package that did not type-check before is not checked.
func checkPackageFixes(t *testing.T, name string, pkg *packages.Package, diags []analysis.Diagnostic, std map[string]*types.Package) int {
	t.Helper()
	if len(pkg.TypeErrors) > 0 {
		return 0
	}
	src := map[string][]byte{}
	var names []string
	for _, f := range pkg.Syntax {
		n := pkg.Fset.File(f.FileStart).Name()
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		src[n] = data
		names = append(names, n)
	}
	// fileEdits are a fix's edits by file, as offsets.
	type fileEdits map[string][]textedit.Edit
	editsOf := func(fix analysis.SuggestedFix) fileEdits {
		out := fileEdits{}
		for _, te := range fix.TextEdits {
			tf := pkg.Fset.File(te.Pos)
			end := te.End
			if !end.IsValid() {
				end = te.Pos
			}
			out[tf.Name()] = append(out[tf.Name()], textedit.Edit{Start: tf.Offset(te.Pos), End: tf.Offset(end), Text: string(te.NewText)})
		}
		for _, es := range out {
			slices.SortStableFunc(es, textedit.Compare)
		}
		return out
	}
	typeCheck := func(edits fileEdits) error {
		fset := token.NewFileSet()
		var files []*ast.File
		for _, n := range names {
			text := src[n]
			if es := edits[n]; len(es) > 0 {
				text = textedit.Apply(text, es)
			}
			f, err := parser.ParseFile(fset, n, text, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			files = append(files, f)
		}
		conf := types.Config{
			Importer: importerFunc(func(path string) (*types.Package, error) {
				if p := pkg.Imports[path]; p != nil && p.Types != nil {
					return p.Types, nil
				}
				if p := std[path]; p != nil {
					return p, nil
				}
				return nil, fmt.Errorf("%s is not loaded", path)
			}),
			GoVersion: pkg.TypesInfo.FileVersions[pkg.Syntax[0]],
		}
		if pkg.Module != nil && pkg.Module.GoVersion != "" {
			conf.GoVersion = "go" + pkg.Module.GoVersion
		}
		_, err := conf.Check(pkg.PkgPath, fset, files, nil)
		return err
	}
	show := func(edits fileEdits) string {
		var b strings.Builder
		for _, n := range names {
			if es := edits[n]; len(es) > 0 {
				fmt.Fprintf(&b, "--- %s\n%s\n", filepath.Base(n), textedit.Apply(src[n], es))
			}
		}
		return b.String()
	}

	merged := fileEdits{}
	fixes, left := 0, 0
	for _, d := range diags {
		for _, fix := range d.SuggestedFixes {
			fixes++
			edits := editsOf(fix)
			posn := pkg.Fset.Position(d.Pos)
			if err := typeCheck(edits); err != nil {
				t.Errorf("%s: the fix of %s:%d alone does not compile: %v\n%s", name, filepath.Base(posn.Filename), posn.Line, err, show(edits))
			}
			// As go fix merges: all of a fix's edits, or none.
			next := fileEdits{}
			ok := true
			for n, es := range edits {
				if next[n], ok = textedit.Merge(merged[n], es); !ok {
					break
				}
			}
			if !ok {
				left++
				continue
			}
			for n, es := range next {
				merged[n] = es
			}
		}
	}
	if fixes > 1 {
		if err := typeCheck(merged); err != nil {
			t.Errorf("%s: its %d fixes merged (%d left out as conflicting) do not compile: %v\n%s", name, fixes, left, err, show(merged))
		}
	}
	// Merged, they keep a gofmt'd file gofmt'd.
	for _, n := range names {
		if es := merged[n]; len(es) > 0 && isGofmted(src[n]) {
			if text := textedit.Apply(src[n], es); !isGofmted(text) {
				t.Errorf("%s: its fixes merged leave %s not gofmt'd:\n%s", name, filepath.Base(n), text)
			}
		}
	}
	if left > 0 {
		t.Logf("%s: %d of %d fixes conflict with others and are left for a second run", name, left, fixes)
	}
	return fixes
}

// isGofmted reports whether src is as gofmt prints it.
func isGofmted(src []byte) bool {
	out, err := format.Source(src)
	return err == nil && bytes.Equal(out, src)
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
