package migrate

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/packages"
)

func parseGo(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	return parser.ParseFile(fset, filename, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
}

// verify parses and type-checks every package that has a changed
// file, with the fixed contents in place of the originals: each
// package named on the command line that holds a changed file, test
// variants included, since a file that belongs to a package and to
// its test variant must compile in both. A package that no longer
// compiles keeps all its files as they were: their after is set to
// nil and the reason goes into the summary; the packages that share
// those files are then checked again without their changes.
func (r *runner) verify(changes map[string]*change) {
	if len(changes) == 0 {
		return
	}
	known := make(map[string]*types.Package)
	packages.Visit(r.roots, nil, func(p *packages.Package) {
		if p.Types != nil && !strings.HasSuffix(p.ID, "]") {
			known[p.PkgPath] = p.Types
		}
	})
	fallback := importer.ForCompiler(token.NewFileSet(), "source", nil)

	ok := make(map[*packages.Package]bool) // checked and compiles
	for again := true; again; {
		again = false
		for _, p := range r.roots {
			if ok[p] || !hasChange(p, changes) {
				continue
			}
			err := r.typecheck(p, changes, known, fallback)
			if err == nil {
				ok[p] = true
				continue
			}
			for _, name := range p.CompiledGoFiles {
				if ch := changes[name]; ch != nil && ch.after != nil {
					ch.after = nil
					r.summary.leaveAll(ch.findings, fmt.Sprintf("%s not written: the fixed package %s would not compile: %v", r.display(name), p.ID, err))
					if r.final[name] == nil { // else earlier passes' changes are still written
						r.summary.fileFailed(name, fmt.Errorf("the fixed package %s would not compile: %v", p.ID, err))
					}
				}
			}
			// Packages already checked with these files changed
			// must be checked again without the change.
			clear(ok)
			again = true
		}
	}
}

// hasChange reports whether one of p's files has a change still to
// be made.
func hasChange(p *packages.Package, changes map[string]*change) bool {
	for _, name := range p.CompiledGoFiles {
		if ch := changes[name]; ch != nil && ch.after != nil {
			return true
		}
	}
	return false
}

// typecheck checks p with the changed files' new contents, all files
// parsed afresh from the bytes the analysis saw.
func (r *runner) typecheck(p *packages.Package, changes map[string]*change, known map[string]*types.Package, fallback types.Importer) error {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range p.CompiledGoFiles {
		src := r.sources[name]
		if ch := changes[name]; ch != nil && ch.after != nil {
			src = ch.after
		}
		if src == nil {
			return fmt.Errorf("no source for %s", name)
		}
		f, err := parseGo(fset, name, src)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	var errs []string
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if imp, ok := p.Imports[path]; ok && imp.Types != nil {
				return imp.Types, nil
			}
			if t, ok := known[path]; ok {
				return t, nil
			}
			return fallback.Import(path)
		}),
		GoVersion: goVersion(p),
		Sizes:     p.TypesSizes,
		Error: func(err error) {
			if len(errs) < 3 {
				if te, ok := err.(types.Error); ok {
					posn := te.Fset.Position(te.Pos)
					posn.Filename = r.display(posn.Filename)
					errs = append(errs, fmt.Sprintf("%s: %s", posn, te.Msg))
				} else {
					errs = append(errs, err.Error())
				}
			}
		},
	}
	conf.Check(p.PkgPath, fset, files, nil)
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return nil
}

func goVersion(p *packages.Package) string {
	if p.Module != nil && p.Module.GoVersion != "" {
		return "go" + p.Module.GoVersion
	}
	return ""
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
