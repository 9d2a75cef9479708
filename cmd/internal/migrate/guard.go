package migrate

import (
	"fmt"
	"go/types"
	"reflect"
	"runtime/debug"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// guard returns a copy of a that reads files as they were parsed,
// reports progress as each root package is analyzed, turns a panic
// into an error, which skips the package (and those that import it)
// rather than ending the run before the summary, and releases each
// package's syntax once a is done with it.
//
// The passes on packages that were loaded without their function
// bodies do not run. If record is set, the facts that the passes
// export go there too (dependencyFacts); if r.depFacts is set, a pass
// that finds no fact on an object of a package without its bodies
// looks there.
func (r *runner) guard(a *analysis.Analyzer, pkgs, roots []*packages.Package, record *factTable) *analysis.Analyzer {
	if len(a.Requires) > 0 {
		// Another analyzer's result, such as an inspector, would
		// hold the package's syntax until the whole analysis ends.
		panic("migrate: the analyzer must not require others")
	}
	isRoot := make(map[*types.Package]string)
	for _, p := range roots {
		isRoot[p.Types] = p.ID
	}
	loaded := make(map[*types.Package]*packages.Package)
	packages.Visit(pkgs, nil, func(p *packages.Package) { loaded[p.Types] = p })
	// Without depsMode, only the packages named have their bodies.
	bodies := make(map[*types.Package]bool, len(pkgs))
	for _, p := range pkgs {
		bodies[p.Types] = true
	}
	hasBodies := func(pkg *types.Package) bool { return r.allDeps || bodies[pkg] }
	moduleMode := r.moduleMode(pkgs)
	depFacts := r.depFacts
	var mu sync.Mutex
	done := 0
	g := *a
	g.Run = func(pass *analysis.Pass) (result any, err error) {
		id, root := isRoot[pass.Pkg]
		sites := 0
		// The fixer reads the bytes that were parsed, which are those
		// of the overlay in a later pass (the checker's ReadFile reads
		// the disk), and never bytes that changed since.
		readFile := pass.ReadFile
		pass.ReadFile = func(name string) ([]byte, error) {
			r.mu.Lock()
			src, ok := r.sources[name]
			r.mu.Unlock()
			if ok {
				return src, nil
			}
			return readFile(name)
		}
		if record != nil {
			record.recordExports(pass)
		}
		if depFacts != nil {
			depFacts.importFallback(pass, hasBodies)
		}
		if root {
			report := pass.Report
			pass.Report = func(d analysis.Diagnostic) {
				sites++
				report(d)
			}
		}
		defer func() {
			releasePass(pass, loaded[pass.Pkg])
			if e := recover(); e != nil {
				r.progress("%s: the analyzer panicked: %v\n%s", pass.Pkg.Path(), e, debug.Stack())
				result, err = nil, fmt.Errorf("the analyzer panicked (a kafix bug; -v prints the stack): %v", e)
			}
			if root {
				mu.Lock()
				done++
				n := done
				mu.Unlock()
				r.progress("[%d/%d] %s: %s", n, len(roots), id, plural(sites, "site"))
			}
		}()
		if !root && moduleMode && isStd(loaded[pass.Pkg]) {
			// No package of the standard library exports a fact
			// that other code sees (analyzer.TestStdExportsNoFacts):
			// a pass on it as a dependency would find sites that no
			// one asked for.
			return zeroResult(a), nil
		}
		if !hasBodies(pass.Pkg) {
			// A dependency loaded from export data, or without its
			// function bodies: it has no code to read, and its facts,
			// if it can export any, come from dependencyFacts.
			return zeroResult(a), nil
		}
		result, err = a.Run(pass)
		if d, ok := result.(deferredSites); ok {
			sites += d.Len()
		}
		return result, err
	}
	return &g
}

// zeroResult is the result of a pass of a that did not run.
func zeroResult(a *analysis.Analyzer) any {
	if a.ResultType == nil {
		return nil
	}
	return reflect.Zero(a.ResultType).Interface()
}
