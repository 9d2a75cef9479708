package migrate

import (
	"bufio"
	"cmp"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/kafix/kafix/fixer/textedit"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

func parseGo(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	return parser.ParseFile(fset, filename, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
}

// verify parses and type-checks every package that has a changed
// file, with the fixed contents in place of the originals: each
// package named on the command line that holds a changed file, test
// variants included, since a file that belongs to a package and to
// its test variant must compile in both. A package that does not
// compile with all its fixes keeps those it compiles with (salvage);
// the packages that share its files are then checked again.
func (r *runner) verify(changes map[string]*change) {
	if len(changes) == 0 {
		return
	}
	known := make(map[string]*types.Package)
	byPath := make(map[string]*packages.Package)
	packages.Visit(r.roots, nil, func(p *packages.Package) {
		if p.Types != nil && !strings.HasSuffix(p.ID, "]") {
			known[p.PkgPath] = p.Types
			byPath[p.PkgPath] = p
		}
	})
	fallback := &lockedImporter{imp: importer.ForCompiler(token.NewFileSet(), "source", nil)}

	// Most packages compile with their fixes: check them all at once,
	// then salvage one by one those that do not.
	var changed []*packages.Package
	for _, p := range r.roots {
		if hasChange(p, changes) {
			changed = append(changed, p)
		}
	}
	completeImports(changed, changes, byPath)
	first := r.typecheckAll(changed, changes, known, fallback)

	ok := make(map[*packages.Package]bool) // checked and compiles
	for again := true; again; {
		again = false
		for _, p := range r.roots {
			if ok[p] || !hasChange(p, changes) {
				continue
			}
			check := func() error { return r.typecheck(p, changes, known, fallback) }
			err, checked := first[p]
			if !checked {
				err = check()
			}
			if err == nil {
				ok[p] = true
				continue
			}
			r.salvage(p, changes, check)
			// Packages already checked with these files changed
			// must be checked again with what is left.
			clear(ok)
			clear(first)
			again = true
		}
	}
}

// completeImports completes, from export data, each package that a
// changed file of pkgs imports, that is not among its package's own
// imports, and that the analysis saw only in part. Such a package (time,
// for a fix that sets keepalive's timers) is a dependency of a
// dependency, which go/packages creates with only the objects that the
// export data of the packages importing it mention (loadMode): a fix
// that uses another of its objects (time.Second) would not compile
// against it. Reading its own export data into the same package adds
// the missing objects, and the types already shared with the other
// packages stay the same. It runs before the parallel type checks,
// which then only read the packages.
func completeImports(pkgs []*packages.Package, changes map[string]*change, byPath map[string]*packages.Package) {
	fset := token.NewFileSet()
	for _, p := range pkgs {
		for _, name := range p.CompiledGoFiles {
			ch := changes[name]
			if ch == nil || ch.after == nil {
				continue
			}
			f, err := parser.ParseFile(fset, name, ch.after, parser.ImportsOnly)
			if err != nil {
				continue // typecheck reports it
			}
			for _, spec := range f.Imports {
				path, err := strconv.Unquote(spec.Path.Value)
				if err != nil || p.Imports[path] != nil {
					continue
				}
				if dep := byPath[path]; dep != nil && !dep.Types.Complete() && dep.ExportFile != "" {
					readExportData(fset, dep) // if it fails, typecheck reports what is missing
				}
			}
		}
	}
}

// readExportData reads p's export data into p.Types, with the packages
// it imports, directly or not, as the analysis has them.
func readExportData(fset *token.FileSet, p *packages.Package) error {
	view := map[string]*types.Package{p.PkgPath: p.Types}
	packages.Visit([]*packages.Package{p}, nil, func(q *packages.Package) {
		if q.Types != nil {
			view[q.PkgPath] = q.Types
		}
	})
	f, err := os.Open(p.ExportFile)
	if err != nil {
		return err
	}
	defer f.Close()
	rd, err := gcexportdata.NewReader(bufio.NewReader(f))
	if err != nil {
		return err
	}
	_, err = gcexportdata.Read(rd, fset, view, p.PkgPath)
	return err
}

// typecheckAll type-checks pkgs with the changes, on every processor,
// and returns the outcome for each.
func (r *runner) typecheckAll(pkgs []*packages.Package, changes map[string]*change, known map[string]*types.Package, fallback types.Importer) map[*packages.Package]error {
	errs := make([]error, len(pkgs))
	inParallel(len(pkgs), func(i int) {
		errs[i] = r.typecheck(pkgs[i], changes, known, fallback)
	})
	out := make(map[*packages.Package]error, len(pkgs))
	for i, p := range pkgs {
		out[p] = errs[i]
	}
	return out
}

// lockedImporter serializes an importer that is not safe for
// concurrent use, such as the source importer, which keeps a cache.
type lockedImporter struct {
	mu  sync.Mutex
	imp types.Importer
}

func (l *lockedImporter) Import(path string) (*types.Package, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.imp.Import(path)
}

// salvage is what verify does with a package p that does not compile
// with all its fixes. It takes the fixes that edit p's changed files
// (and the files linked to those by fixes that edit several) one by
// one, in order, and keeps each that p still compiles with. A fix
// that p compiles with alone but not with those kept conflicts with
// them: a later pass, on the code as fixed, may take it. A fix that p
// does not compile with even alone is refused.
func (r *runner) salvage(p *packages.Package, changes map[string]*change, check func() error) {
	groups := make(map[string]bool)
	for _, name := range p.CompiledGoFiles {
		if ch := changes[name]; ch != nil && ch.after != nil {
			groups[r.links.find(name)] = true
		}
	}
	var files []string
	var fixes []*finding
	for _, name := range slices.Sorted(maps.Keys(changes)) {
		if ch := changes[name]; ch.after != nil && groups[r.links.find(name)] {
			files = append(files, name)
			fixes = append(fixes, ch.findings...)
		}
	}
	slices.SortStableFunc(fixes, func(a, b *finding) int {
		return cmp.Or(cmp.Compare(a.posn.Filename, b.posn.Filename), cmp.Compare(a.posn.Offset, b.posn.Offset))
	})

	type state struct {
		edits    []textedit.Edit
		after    []byte
		findings []*finding
	}
	save := func() map[string]state {
		s := make(map[string]state)
		for _, name := range files {
			ch := changes[name]
			s[name] = state{ch.edits, ch.after, ch.findings}
		}
		return s
	}
	restore := func(s map[string]state) {
		for name, st := range s {
			ch := changes[name]
			ch.edits, ch.after, ch.findings = st.edits, st.after, st.findings
		}
	}
	reset := func() {
		for _, name := range files {
			ch := changes[name]
			ch.edits, ch.after, ch.findings = nil, ch.before, nil
		}
	}
	// add merges f's edits into the files; they were merged once
	// already, with more, so they merge again.
	add := func(f *finding) bool {
		merged := make(map[string][]textedit.Edit)
		for name, edits := range f.edits {
			m, ok := textedit.Merge(changes[name].edits, edits)
			if !ok {
				return false
			}
			merged[name] = m
		}
		for name, m := range merged {
			ch := changes[name]
			ch.edits, ch.after = m, textedit.Apply(ch.before, m)
		}
		first := slices.Min(slices.Collect(maps.Keys(f.edits)))
		changes[first].findings = append(changes[first].findings, f)
		return true
	}

	reset()
	var dropped []*finding
	for _, f := range fixes {
		before := save()
		if !add(f) || check() != nil {
			restore(before)
			dropped = append(dropped, f)
		}
	}
	kept := save()
	for _, f := range dropped {
		reset()
		var err error
		if add(f) {
			err = check()
		}
		restore(kept)
		if err == nil {
			r.summary.conflict(f, fmt.Sprintf("its fix does not compile together with other fixes of package %s; run kafix again", p.ID))
			continue
		}
		r.summary.refuse(f, fmt.Sprintf("its fix would not compile: package %s: %v", p.ID, err))
	}
	for _, name := range files {
		if ch := changes[name]; len(ch.edits) == 0 {
			ch.after = nil // nothing left to write
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
// parsed afresh from the bytes the analysis saw. It first leaves out
// the function bodies of the files that no fix changed (check, lean):
// those bodies type-checked when the package loaded, and they see the
// same imports and, if the package scope's objects keep their types,
// the same names. If that check fails, or a type differs, the package
// is checked again in full, whose errors are the ones reported.
func (r *runner) typecheck(p *packages.Package, changes map[string]*change, known map[string]*types.Package, fallback types.Importer) error {
	if pkg, err := r.check(p, changes, known, fallback, true); err == nil && sameScope(p.Types, pkg) {
		return nil
	}
	_, err := r.check(p, changes, known, fallback, false)
	return err
}

// check type-checks p once; lean leaves out the bodies of the files
// that no fix changed.
func (r *runner) check(p *packages.Package, changes map[string]*change, known map[string]*types.Package, fallback types.Importer, lean bool) (*types.Package, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	var bodiless []*ast.File
	for _, name := range p.CompiledGoFiles {
		src := r.sources[name]
		ch := changes[name]
		if ch != nil && ch.after != nil {
			src = ch.after
		}
		if src == nil {
			return nil, fmt.Errorf("no source for %s", name)
		}
		if lean && (ch == nil || ch.after == nil) {
			f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
			if err != nil {
				return nil, err
			}
			dropBodies(f)
			files = append(files, f)
			bodiless = append(bodiless, f)
			continue
		}
		f, err := parseGo(fset, name, src)
		if err != nil {
			return nil, err
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
			te, ok := err.(types.Error)
			if ok && te.Soft && onImport(bodiless, te.Pos) {
				return // its uses were in the bodies left out
			}
			if len(errs) < 3 {
				if ok {
					posn := te.Fset.Position(te.Pos)
					posn.Filename = r.display(posn.Filename)
					errs = append(errs, fmt.Sprintf("%s: %s", posn, strings.TrimSpace(te.Msg)))
				} else {
					errs = append(errs, err.Error())
				}
			}
		},
	}
	pkg, _ := conf.Check(p.PkgPath, fset, files, nil)
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return pkg, nil
}

// dropBodies leaves out the bodies of f's functions, but for those
// that go/types requires to have one (init, generic functions).
func dropBodies(f *ast.File) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil && fd.Name.Name == "init" || fd.Type.TypeParams.NumFields() > 0 {
			continue
		}
		fd.Body = nil
	}
}

// onImport reports whether pos is on an import of one of files.
func onImport(files []*ast.File, pos token.Pos) bool {
	for _, f := range files {
		for _, spec := range f.Imports {
			if spec.Pos() <= pos && pos < spec.End() {
				return true
			}
		}
	}
	return false
}

// sameScope reports whether every package-level object of before is
// in after with the same type: then a body that type-checked against
// before does against after.
func sameScope(before, after *types.Package) bool {
	if before == nil || after == nil {
		return false
	}
	qual := types.RelativeTo(nil)
	for _, name := range before.Scope().Names() {
		a := after.Scope().Lookup(name)
		b := before.Scope().Lookup(name)
		if a == nil || types.ObjectString(a, qual) != types.ObjectString(b, qual) || methods(a, qual) != methods(b, qual) {
			return false
		}
	}
	return true
}

// methods lists the methods declared on obj, if it names a type.
func methods(obj types.Object, qual types.Qualifier) string {
	named, ok := obj.Type().(*types.Named)
	if _, isType := obj.(*types.TypeName); !isType || !ok {
		return ""
	}
	var b strings.Builder
	for m := range named.Methods() {
		b.WriteString(types.ObjectString(m, qual))
		b.WriteByte('\n')
	}
	return b.String()
}

func goVersion(p *packages.Package) string {
	if p.Module != nil && p.Module.GoVersion != "" {
		return "go" + p.Module.GoVersion
	}
	return ""
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
