package analyzer

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// TestSocketFiles checks which files of testdata/src/socketfiles the
// inspector is built over, and that the analysis of that package finds
// what it would find over every file: a helper of a helper in a file
// that refers to no socket package covers a site, and a variable
// declared in such a file is read.
func TestSocketFiles(t *testing.T) {
	dir, err := filepath.Abs("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Policy.UserTimeout = 0 // keepalive alone (issue 22)
	analysistest.RunWithSuggestedFixes(t, dir, New(cfg), "socketfiles")

	fset := token.NewFileSet()
	names, err := filepath.Glob(filepath.Join(dir, "src", "socketfiles", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range slices.Backward(names) { // not in position order on purpose
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Uses: make(map[*ast.Ident]types.Object)}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("socketfiles", fset, files, info)
	if err != nil {
		t.Fatal(err)
	}
	pass := &analysis.Pass{
		Fset: fset, Files: files, Pkg: pkg, TypesInfo: info,
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
	}
	var got []string
	for _, f := range socketFiles(pass) {
		got = append(got, filepath.Base(fset.File(f.FileStart).Name()))
	}
	slices.Sort(got)
	if want := []string{"dial.go", "network.go", "tune.go", "wrap.go"}; !slices.Equal(got, want) {
		t.Errorf("socketFiles = %v, want %v (logic.go refers to nothing about sockets)", got, want)
	}
}
