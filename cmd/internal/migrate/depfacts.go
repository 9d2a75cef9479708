package migrate

import (
	"fmt"
	"go/types"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"
)

// A factTable holds the facts that the analyzer exported on packages
// analyzed apart from the packages named (dependencyFacts), by package
// path and object path rather than by object: the passes of the
// packages named see those packages through export data, or as test
// variants type-checked without their bodies, whose objects are not the
// ones that the facts were exported on, but have the same paths.
type factTable struct {
	mu       sync.Mutex
	objects  map[objectKey]analysis.Fact
	packages map[packageKey]analysis.Fact
}

type objectKey struct {
	pkg string
	obj objectpath.Path
	typ reflect.Type
}

type packageKey struct {
	pkg string
	typ reflect.Type
}

func newFactTable() *factTable {
	return &factTable{objects: make(map[objectKey]analysis.Fact), packages: make(map[packageKey]analysis.Fact)}
}

// recordExports has the facts that pass exports recorded in t too.
// An object without a path (a local one) cannot be seen by importers,
// and is not recorded.
func (t *factTable) recordExports(pass *analysis.Pass) {
	exportObject, exportPackage := pass.ExportObjectFact, pass.ExportPackageFact
	pkg := pass.Pkg.Path()
	pass.ExportObjectFact = func(obj types.Object, fact analysis.Fact) {
		exportObject(obj, fact)
		if p, err := objectpath.For(obj); err == nil {
			t.mu.Lock()
			t.objects[objectKey{pkg, p, reflect.TypeOf(fact)}] = fact
			t.mu.Unlock()
		}
	}
	pass.ExportPackageFact = func(fact analysis.Fact) {
		exportPackage(fact)
		t.mu.Lock()
		t.packages[packageKey{pkg, reflect.TypeOf(fact)}] = fact
		t.mu.Unlock()
	}
}

// importFallback has pass look up t for the facts of an object or
// package that was loaded without its bodies (hasBodies false), which
// the checker has none of.
func (t *factTable) importFallback(pass *analysis.Pass, hasBodies func(*types.Package) bool) {
	importObject, importPackage := pass.ImportObjectFact, pass.ImportPackageFact
	pass.ImportObjectFact = func(obj types.Object, fact analysis.Fact) bool {
		if importObject(obj, fact) {
			return true
		}
		if obj.Pkg() == nil || hasBodies(obj.Pkg()) {
			return false
		}
		p, err := objectpath.For(obj)
		if err != nil {
			return false
		}
		return lookup(t, t.objects, objectKey{obj.Pkg().Path(), p, reflect.TypeOf(fact)}, fact)
	}
	pass.ImportPackageFact = func(pkg *types.Package, fact analysis.Fact) bool {
		if importPackage(pkg, fact) {
			return true
		}
		if hasBodies(pkg) {
			return false
		}
		return lookup(t, t.packages, packageKey{pkg.Path(), reflect.TypeOf(fact)}, fact)
	}
}

// lookup copies the fact at key in m into fact, and reports whether
// there was one.
func lookup[K comparable](t *factTable, m map[K]analysis.Fact, key K, fact analysis.Fact) bool {
	t.mu.Lock()
	f, ok := m[key]
	t.mu.Unlock()
	if ok {
		reflect.ValueOf(fact).Elem().Set(reflect.ValueOf(f).Elem())
	}
	return ok
}

// dependencyFacts analyzes apart, for their facts, the dependencies
// that can export one (deps) and that the load of the packages named
// has only as export data or without their bodies: it loads them, and
// the packages of the same paths they import that can export a fact,
// as named packages of their own, without tests and without recording
// their files (they are not fixed), and runs the analyzer on them. Their
// diagnostics are dropped: no one asked for them. It fails if one of
// them does not load or the analysis fails; the driver then loads
// every dependency from source instead.
func (r *runner) dependencyFacts(cfg *packages.Config, deps []*packages.Package) (*factTable, error) {
	moduleMode := r.moduleMode(deps)
	memo := make(map[*packages.Package]bool)
	seen := make(map[string]bool)
	var paths []string
	packages.Visit(deps, nil, func(p *packages.Package) {
		if !seen[p.PkgPath] && r.canExportFacts(p, moduleMode, memo) {
			seen[p.PkgPath] = true
			paths = append(paths, p.PkgPath)
		}
	})
	slices.Sort(paths)
	r.progress("analyzing %s for their facts", plural(len(paths), "dependency"))
	c := *cfg
	c.Tests = false
	c.ParseFile = nil
	pkgs, err := r.load(&c, paths)
	if err != nil {
		return nil, err
	}
	defer releaseSyntax(pkgs)
	var ok []*packages.Package
	for _, p := range pkgs {
		if q := brokenBy(p, make(map[*packages.Package]*packages.Package)); q != nil {
			return nil, fmt.Errorf("dependency %s: %s", p.ID, firstError(q.Errors).Msg)
		}
		ok = append(ok, p)
	}
	t := newFactTable()
	graph, err := checker.Analyze([]*analysis.Analyzer{r.guard(r.analyzer, pkgs, nil, t)}, ok, nil)
	if err != nil {
		return nil, err
	}
	for _, act := range graph.Roots {
		if act.Err != nil {
			return nil, fmt.Errorf("dependency %s: %v", act.Package.ID, act.Err)
		}
	}
	return t, nil
}

// factsFromDependencies returns the packages that are not among pkgs
// (the packages named and their test variants) and from which the
// analyzer could import a fact: go/packages loads them from export
// data, or without their function bodies, and dependencyFacts analyzes
// them apart. With none, no pass needs a dependency's syntax.
func (r *runner) factsFromDependencies(pkgs []*packages.Package) []*packages.Package {
	named := make(map[*packages.Package]bool, len(pkgs))
	for _, p := range pkgs {
		named[p] = true
	}
	moduleMode := r.moduleMode(pkgs)
	memo := make(map[*packages.Package]bool)
	var found []*packages.Package
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if !named[p] && r.canExportFacts(p, moduleMode, memo) {
			found = append(found, p)
		}
	})
	return found
}

// canExportFacts reports whether the analyzer, run on p, could export
// a fact. A package of the standard library cannot: the driver does not
// analyze it as a dependency (guard). Otherwise, with Options.FactRoots
// set, p can if it is one of those packages, or imports one, or imports
// a package that can; without it, every other package can. memo holds
// the answers so far.
func (r *runner) canExportFacts(p *packages.Package, moduleMode bool, memo map[*packages.Package]bool) bool {
	if can, ok := memo[p]; ok {
		return can
	}
	memo[p] = false // an import cycle (an error of its own) ends here
	can := false
	switch {
	case moduleMode && isStd(p):
	case r.opts.FactRoots == nil, r.opts.FactRoots(p.PkgPath):
		can = true
	default:
		for path, imp := range p.Imports {
			if r.opts.FactRoots(path) || r.canExportFacts(imp, moduleMode, memo) {
				can = true
				break
			}
		}
	}
	memo[p] = can
	return can
}
