package fixer_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/fixer"
	"github.com/kafix/kafix/fixer/textedit"
)

// FuzzFix runs the keepalive analyzer on one Go file and applies the
// fixes it suggests, each alone and then all together (as a driver
// merges them: a fix that overlaps one already taken is left out, an
// edit that two fixes share is applied once). Whatever the input, the
// analyzer and the fixer never panic, every fix's edits lie inside the
// file and do not overlap, every result parses, every result
// type-checks if the input did, and, when every fix merged, the
// analyzer has no fix left to suggest for the result (idempotence).
//
// mode picks the policy: bits 0-1 the gate (none, flag, env), bit 2 a
// go1.22 file (the KeepAlive field rather than KeepAliveConfig), bit 3
// -require=on.
//
// The seed corpus is every .go file under testdata (analysistest
// packages, goldens' sources, the programs of the run-time tests)
// under the default policy, each gate, go1.22 and -require=on, plus
// testdata/fuzz/FuzzFix; go test runs it.
func FuzzFix(f *testing.F) {
	var seeds []string
	err := filepath.WalkDir("../testdata", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
			seeds = append(seeds, path)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	if len(seeds) < 50 {
		f.Fatalf("only %d seed files", len(seeds))
	}
	for _, name := range seeds {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, mode := range []uint8{0, 1, 2, 4, 8} {
			f.Add(src, mode)
		}
	}
	// Type-check the standard library packages that the seeds use
	// before the first input, so that no input pays for it.
	importMu.Lock()
	for _, path := range []string{"context", "crypto/tls", "errors", "flag", "fmt", "log", "net", "net/http", "os", "strconv", "syscall", "time", "golang.org/x/sys/unix"} {
		if _, err := (testdataImporter{}).Import(path); err != nil {
			f.Fatal(err)
		}
	}
	importMu.Unlock()
	f.Fuzz(func(t *testing.T, src []byte, mode uint8) {
		checkFixes(t, src, mode)
	})
}

// TestFuzzSeedsHaveFixes guards the fuzz target against testing
// nothing: seeds of every family (net, crypto/tls, raw sockets, the
// gates) type-check alone in the harness and yield fixes.
func TestFuzzSeedsHaveFixes(t *testing.T) {
	total := 0
	for _, seed := range []struct {
		file string
		mode uint8
	}{
		{"src/dial/dial.go", 0},
		{"src/listen/listen.go", 0},
		{"src/tlssite/tls.go", 0},
		{"src/conn/conn.go", 0},
		{"src/dotimport/dot.go", 0},
		{"src/rawshape/shape_linux.go", 0},
		{"src/rawstyle/style_linux.go", 0},
		{"src/gateflag/conns.go", 1},
		{"src/gateenv/conns.go", 2},
		{"oldgo/old.go", 4},
	} {
		name := filepath.Join("..", "testdata", filepath.FromSlash(seed.file))
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		n, typed := checkFixes(t, src, seed.mode)
		if !typed {
			t.Errorf("%s does not type-check alone", name)
		}
		if n == 0 {
			t.Errorf("%s: no fixes", name)
		}
		total += n
	}
	t.Logf("%d fixes checked", total)
}

// checkFixes is the body of FuzzFix. It returns the number of fixes
// and whether the input type-checked.
func checkFixes(t *testing.T, src []byte, mode uint8) (fixes int, typed bool) {
	goVersion := ""
	if mode&4 != 0 {
		goVersion = "go1.22"
	}
	in, ok := load(src, goVersion)
	if !ok {
		return 0, false // not Go: nothing to analyze
	}
	defer in.release()

	cfg := analyzer.DefaultConfig()
	cfg.Policy.Gate = []fixer.Gate{fixer.GateNone, fixer.GateFlag, fixer.GateEnv, fixer.GateNone}[mode&3]
	if mode&8 != 0 {
		cfg.Require = analyzer.RequireOn
	}
	diags := in.analyze(t, analyzer.New(cfg))

	var all [][]textedit.Edit
	for _, d := range diags {
		if len(d.SuggestedFixes) == 0 {
			continue
		}
		if len(d.SuggestedFixes) != 1 {
			t.Errorf("%s: %d fixes, want 1", in.posn(d.Pos), len(d.SuggestedFixes))
		}
		edits, err := in.edits(d.SuggestedFixes[0])
		if err != nil {
			t.Fatalf("%s: %v", in.posn(d.Pos), err)
		}
		all = append(all, edits)
		in.checkResult(t, fmt.Sprintf("the fix of %s", in.posn(d.Pos)), textedit.Apply(src, edits))
	}
	if len(all) == 0 {
		return 0, in.typeErr == nil
	}
	var merged []textedit.Edit
	allMerged := true
	for _, edits := range all {
		if m, ok := textedit.Merge(merged, edits); ok {
			merged = m
		} else {
			allMerged = false
		}
	}
	fixed := textedit.Apply(src, merged)
	if len(all) > 1 {
		in.checkResult(t, "the fixes together", fixed)
	}
	if allMerged && in.typeErr == nil {
		in.checkSettled(t, fixed, cfg)
	}
	return len(all), in.typeErr == nil
}

// checkSettled checks that fixing is idempotent: with every fix
// applied, the analyzer has no fix left to suggest.
func (in *input) checkSettled(t *testing.T, fixed []byte, cfg analyzer.Config) {
	t.Helper()
	out, ok := load(fixed, in.version)
	if !ok {
		return // checkResult reports it
	}
	defer out.release()
	if out.typeErr != nil {
		return // checkResult reports it
	}
	for _, d := range out.analyze(t, analyzer.New(cfg)) {
		if len(d.SuggestedFixes) > 0 {
			t.Errorf("with every fix applied, %s still has a fix: %s\ninput:\n%s\nresult:\n%s", out.posn(d.Pos), d.Message, in.src, fixed)
		}
	}
}

// An input is one parsed and type-checked file.
type input struct {
	src     []byte
	fset    *token.FileSet
	file    *ast.File
	tok     *token.File
	pkg     *types.Package
	info    *types.Info
	typeErr error // the first type error, or nil
	version string
}

// The importer is shared by every run: the standard library is
// type-checked from source once per process. The file set is shared
// with it; each input's file is removed from it when the input is done.
var (
	importMu sync.Mutex
	fset     = token.NewFileSet()
	stdlib   = importer.ForCompiler(fset, "source", nil).(types.ImporterFrom)
	testPkgs = make(map[string]*types.Package) // imported packages, by path
)

// testdataImporter imports the standard library and the GOPATH
// packages of testdata/src (example.com/go-time, helper).
type testdataImporter struct{}

func (testdataImporter) Import(path string) (*types.Package, error) {
	if p, ok := testPkgs[path]; ok {
		return p, nil
	}
	dir := filepath.Join("..", "testdata", "src", filepath.FromSlash(path))
	names, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	if len(names) == 0 || strings.Contains(path, "..") {
		// Only the standard library and x/sys, never a lookup that
		// could reach the network or take seconds.
		if _, err := os.Stat(filepath.Join(runtime.GOROOT(), "src", filepath.FromSlash(path))); err != nil && !strings.HasPrefix(path, "golang.org/x/sys/") {
			return nil, fmt.Errorf("%s: not importable in this test", path)
		}
		// srcimporter caches packages, but only after a go/build
		// lookup of the directory, which would be most of an input's
		// cost.
		p, err := stdlib.ImportFrom(path, ".", 0)
		if err == nil {
			testPkgs[path] = p
		}
		return p, err
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	p, err := (&types.Config{Importer: testdataImporter{}}).Check(path, fset, files, nil)
	if err != nil {
		return nil, err
	}
	testPkgs[path] = p
	return p, nil
}

// load parses and type-checks src. It reports false if src does not
// parse; a file with type errors loads, with typeErr set.
func load(src []byte, goVersion string) (*input, bool) {
	importMu.Lock()
	defer importMu.Unlock()
	file, err := parser.ParseFile(fset, "fuzz.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if file == nil {
		return nil, false
	}
	tok := fset.File(file.FileStart)
	if err != nil {
		if tok != nil {
			fset.RemoveFile(tok)
		}
		return nil, false
	}
	in := &input{src: src, fset: fset, file: file, tok: tok, version: goVersion}
	in.info = &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Instances:    make(map[*ast.Ident]types.Instance),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		Scopes:       make(map[ast.Node]*types.Scope),
		FileVersions: make(map[*ast.File]string),
	}
	conf := types.Config{
		Importer:  testdataImporter{},
		GoVersion: goVersion,
		Error: func(err error) {
			if in.typeErr == nil {
				in.typeErr = err
			}
		},
	}
	in.pkg, _ = conf.Check(file.Name.Name, fset, []*ast.File{file}, in.info)
	return in, true
}

func (in *input) release() {
	importMu.Lock()
	defer importMu.Unlock()
	in.fset.RemoveFile(in.tok)
}

func (in *input) posn(p token.Pos) token.Position { return in.tok.Position(p) }

// analyze runs a on the input, as a driver would run it on a package
// of this one file, and returns its diagnostics. Facts stay within
// the package.
func (in *input) analyze(t *testing.T, a *analysis.Analyzer) []analysis.Diagnostic {
	var diags []analysis.Diagnostic
	facts := make(map[types.Object][]analysis.Fact)
	var pkgFacts []analysis.Fact
	importFact := func(have []analysis.Fact, fact analysis.Fact) bool {
		for _, f := range have {
			if reflect.TypeOf(f) == reflect.TypeOf(fact) {
				reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(f).Elem())
				return true
			}
		}
		return false
	}
	files := []*ast.File{in.file}
	pass := &analysis.Pass{
		Analyzer:   a,
		Fset:       in.fset,
		Files:      files,
		Pkg:        in.pkg,
		TypesInfo:  in.info,
		TypesSizes: types.SizesFor("gc", "amd64"),
		TypeErrors: nil,
		Module:     &analysis.Module{Path: "example.com/fuzz", GoVersion: strings.TrimPrefix(in.version, "go")},
		Report:     func(d analysis.Diagnostic) { diags = append(diags, d) },
		ReadFile: func(name string) ([]byte, error) {
			if name != in.tok.Name() {
				return nil, fmt.Errorf("ReadFile(%q): not a file of the package", name)
			}
			return in.src, nil
		},
		ImportObjectFact: func(obj types.Object, fact analysis.Fact) bool { return importFact(facts[obj], fact) },
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			if obj.Pkg() != in.pkg {
				t.Errorf("fact exported for %v of another package", obj)
			}
			facts[obj] = append(facts[obj], fact)
		},
		ImportPackageFact: func(pkg *types.Package, fact analysis.Fact) bool {
			return pkg == in.pkg && importFact(pkgFacts, fact)
		},
		ExportPackageFact: func(fact analysis.Fact) { pkgFacts = append(pkgFacts, fact) },
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
	}
	if _, err := a.Run(pass); err != nil {
		t.Fatalf("analyzer: %v", err)
	}
	return diags
}

// edits converts a fix to offsets, checking that its edits lie in the
// file and do not overlap.
func (in *input) edits(fix analysis.SuggestedFix) ([]textedit.Edit, error) {
	var out []textedit.Edit
	for _, te := range fix.TextEdits {
		end := te.End
		if !end.IsValid() {
			end = te.Pos
		}
		base := in.tok.Base()
		if int(te.Pos) < base || int(end) > base+in.tok.Size() || end < te.Pos {
			return nil, fmt.Errorf("edit [%d,%d) outside the file [%d,%d]", te.Pos, end, base, base+in.tok.Size())
		}
		out = append(out, textedit.Edit{Start: int(te.Pos) - base, End: int(end) - base, Text: string(te.NewText)})
	}
	slices.SortStableFunc(out, textedit.Compare)
	for i := 1; i < len(out); i++ {
		if textedit.Overlaps(out[i-1], out[i]) {
			return nil, fmt.Errorf("its edits overlap: %+v and %+v", out[i-1], out[i])
		}
	}
	return out, nil
}

// checkResult checks that the fixed source parses, and type-checks if
// the input did.
func (in *input) checkResult(t *testing.T, what string, fixed []byte) {
	t.Helper()
	out, ok := load(fixed, in.version)
	if !ok {
		_, err := parser.ParseFile(token.NewFileSet(), "fixed.go", fixed, parser.ParseComments)
		t.Errorf("%s does not parse: %v\ninput:\n%s\nresult:\n%s", what, err, in.src, fixed)
		return
	}
	defer out.release()
	if in.typeErr == nil && out.typeErr != nil {
		t.Errorf("%s does not type-check: %v\ninput:\n%s\nresult:\n%s", what, out.typeErr, in.src, fixed)
	}
}
