package migrate

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// loadMode is what the analysis needs of the packages named on the
// command line (and their test variants): syntax, and types with
// function bodies. go/packages loads their dependencies from export
// data, or, for a dependency that imports one of them (a test variant
// such as "fmt [strconv.test]"), from source without function bodies,
// as the x/tools drivers do for an analyzer without facts.
//
// The export files come at no cost (go list compiles the dependencies
// for their export data in this mode anyway): verify completes from
// them the packages that a fix imports and that the analysis saw only
// in part (completeImports).
const loadMode = sourceMode | packages.NeedExportFile

// sourceMode is loadMode without the export files.
const sourceMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedTypes | packages.NeedTypesSizes |
	packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule

// depsMode loads every dependency from source, function bodies
// included: what an analyzer with facts needs when a dependency can
// export one, since the analyzer must then run on it (canExportFacts).
// It needs no export data, which would have go list compile every
// dependency.
const depsMode = sourceMode | packages.NeedDeps

type runner struct {
	opts     Options
	analyzer *analysis.Analyzer
	start    time.Time
	base     string // the directory that file names are shown relative to

	outMu    sync.Mutex // serializes progress lines
	mu       sync.Mutex
	sources  map[string][]byte  // file contents as parsed in this pass, by file name
	disk     map[string][]byte  // file contents as first loaded from disk
	parsed   int                // files parsed so far, for progress
	final    map[string]*change // what the passes so far do to each file
	roots    []*packages.Package
	allDeps  bool       // the dependencies were loaded from source, with their bodies (depsMode)
	depFacts *factTable // the facts of the dependencies analyzed apart (dependencyFacts), or nil

	goModOnce sync.Once
	goMod     bool // go env GOMOD is set: module mode (moduleMode)

	memProfiled bool // the heap profile is written (writeMemProfile)

	unwritable map[string]error // why a file cannot be written, by name; nil if it can
	links      unionFind        // files that one fix edits together

	summary summary

	// Test hooks: beforeWrite, if set, is called just before each
	// file is written; maxRounds, if set, replaces the constant.
	beforeWrite func(name string)
	maxRounds   int
	tick        time.Duration // how often -v reports the loading; 0 means 2s
}

// A finding is one diagnostic with where it came from.
type finding struct {
	diag    analysis.Diagnostic
	partial string // why its fix falls short of the policy's bound, if it does
	fset    *token.FileSet
	pkg     *packages.Package
	posn    token.Position
	edits   map[string][]edit // its fix, by file, once merged
}

// maxRounds bounds the passes of a migration. A fix refused because
// it conflicts with another one (two fixes that both add imports, two
// sites on one line) is tried again in the next pass, on the code as
// the earlier passes fixed it, until no conflict is left.
const maxRounds = 4

func (r *runner) run(patterns []string) int {
	r.start = time.Now()
	r.sources = make(map[string][]byte)
	r.disk = make(map[string][]byte)
	r.base = r.opts.Dir
	if wd, err := os.Getwd(); err == nil && !filepath.IsAbs(r.base) {
		r.base = filepath.Join(wd, r.base)
	}
	r.summary.display = r.display

	findings, ok := r.analyze(patterns, nil)
	if !ok {
		return ExitSkipped
	}
	r.summary.found = len(findings)
	switch {
	case r.opts.JSON:
		r.printJSON(findings)
	case r.opts.Check:
		r.printText(findings)
	default:
		r.final = make(map[string]*change)
		rounds := cmp.Or(r.maxRounds, maxRounds)
		progress := r.accept(r.plan(findings))
		for round := 2; round <= rounds && progress; round++ {
			dirs := r.summary.conflicted()
			if len(dirs) == 0 {
				break
			}
			shown := make([]string, len(dirs))
			for i, dir := range dirs {
				shown[i] = r.display(dir)
			}
			r.progress("pass %d: %s with conflicting fixes: %s", round, plural(len(dirs), "directory"), strings.Join(shown, " "))
			overlay := make(map[string][]byte)
			for name, ch := range r.final {
				overlay[name] = ch.after
			}
			findings, ok := r.analyze(dirs, overlay)
			if !ok {
				break
			}
			// This pass finds those directories' remaining sites
			// again, and says what became of them.
			r.summary.forget(dirs)
			progress = r.accept(r.plan(findings))
		}
		r.output()
	}
	r.summary.print(r.opts, time.Since(r.start))
	return r.exitStatus(r.summary.found)
}

// heartbeat prints, with -v, how many files have been parsed, every
// few seconds until stop is called: loading is most of a long run.
func (r *runner) heartbeat() (stop func()) {
	if !r.opts.Verbose {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(cmp.Or(r.tick, 2*time.Second))
		defer t.Stop()
		last := -1
		for {
			select {
			case <-done:
				return
			case <-t.C:
				r.mu.Lock()
				n := r.parsed
				r.mu.Unlock()
				switch {
				case n == last:
				case n == 0:
					r.progress("loading: listing the packages")
				default:
					r.progress("loading: %s parsed", plural(n, "file"))
				}
				last = n
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
		r.mu.Lock()
		n := r.parsed
		r.mu.Unlock()
		if n > 0 {
			r.progress("loading: %s parsed", plural(n, "file"))
		}
	}
}

// analyze loads the packages that patterns name, with overlay in
// place of the files on disk, and runs the analyzer on them.
func (r *runner) analyze(patterns []string, overlay map[string][]byte) ([]*finding, bool) {
	if overlay == nil {
		r.progress("loading %s", strings.Join(patterns, " "))
	}
	cfg := &packages.Config{
		Mode:  loadMode,
		Dir:   r.opts.Dir,
		Tests: r.opts.Tests,
		// Keep the bytes each file was parsed from: fixes apply to
		// exactly what was analyzed, and a file changed on disk since
		// then is not overwritten.
		ParseFile: r.parseFile,
		Overlay:   overlay,
	}
	pkgs, err := r.load(cfg, patterns)
	r.allDeps, r.depFacts = false, nil
	if err == nil && len(r.analyzer.FactTypes) > 0 {
		if deps := r.factsFromDependencies(pkgs); len(deps) > 0 {
			r.depFacts, err = r.dependencyFacts(cfg, deps)
			if err != nil {
				// The analyzer must run on those dependencies, with
				// their function bodies: load again, everything from
				// source.
				r.progress("%v: loading every dependency from source", err)
				cfg.Mode = depsMode
				r.depFacts = nil
				pkgs, err = r.load(cfg, patterns)
			}
		}
	}
	if err != nil {
		fmt.Fprintf(r.opts.Stderr, "kafix: %v\n", err)
		return nil, false
	}
	r.allDeps = cfg.Mode&packages.NeedDeps != 0
	r.progress("loaded %s", plural(len(pkgs), "package"))
	r.writeMemProfile()
	capMemory()

	roots := r.loadable(pkgs)
	r.roots = roots
	graph, err := checker.Analyze([]*analysis.Analyzer{r.guard(r.analyzer, pkgs, roots, nil)}, roots, nil)
	if err != nil {
		fmt.Fprintf(r.opts.Stderr, "kafix: %v\n", err)
		return nil, false
	}
	findings, deferred := r.collect(graph)
	releaseSyntax(pkgs)
	if len(deferred) > 0 {
		findings = append(findings, r.diagnose(deferred)...)
		sortFindings(findings)
	}
	r.progress("analyzed %s: %s", plural(len(roots), "package"), plural(len(findings), "site"))
	return findings, true
}

// load runs packages.Load with cfg, printing progress with -v.
func (r *runner) load(cfg *packages.Config, patterns []string) ([]*packages.Package, error) {
	stop := r.heartbeat()
	defer stop()
	return packages.Load(cfg, patterns...)
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

// moduleMode reports whether the go command runs in module mode, where
// a package without a module is in the standard library; in GOPATH
// mode every package is without one. The packages say so if one of
// them has a module; if none has (kafix std, outside any module), go
// env GOMOD does: /dev/null in module mode without a main module, empty
// in GOPATH mode. The answer is kept for the run.
func (r *runner) moduleMode(pkgs []*packages.Package) bool {
	if slices.ContainsFunc(pkgs, func(p *packages.Package) bool { return p.Module != nil }) {
		return true
	}
	r.goModOnce.Do(func() {
		cmd := exec.Command("go", "env", "GOMOD")
		cmd.Dir = r.opts.Dir
		out, err := cmd.Output()
		r.goMod = err == nil && strings.TrimSpace(string(out)) != ""
	})
	return r.goMod
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

// memoryHeadroom is how far above the memory that loading left in use
// capMemory lets the rest of a run go.
const memoryHeadroom = 1.10

// capMemory sets a soft memory limit a little above the memory in use
// once the packages are loaded, unless GOMEMLIMIT sets one. Loading
// needs the most memory of a run: from then on the live heap only
// shrinks, since each package's syntax is released once it is analyzed
// (releasePass) and the fixes are built after the analysis, on a small
// heap (deferred.go). Left to GOGC, the heap would still grow towards
// twice its size at the last collection during loading before
// collecting the analysis's garbage; the limit has the collector run
// earlier, against a live heap that shrinks. A soft limit never fails
// a run: past it, the runtime bounds the time it spends collecting.
func capMemory() {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	debug.SetMemoryLimit(int64(float64(ms.Sys-ms.HeapReleased) * memoryHeadroom))
}

// releasePass drops the syntax trees and type information of a
// package that the analyzer is done with: they are most of a run's
// memory, and no later pass needs them. Passes on the packages that
// import it see its types and facts, which stay; its findings hold
// their fixes as text edits; verify parses and type-checks afresh. The
// checker keeps each pass until the analysis ends, so the pass lets go
// of them too.
func releasePass(pass *analysis.Pass, p *packages.Package) {
	pass.Files, pass.TypesInfo = nil, nil
	if p != nil {
		p.Syntax, p.TypesInfo = nil, nil
	}
}

// releaseSyntax releases what no pass did (the packages that were not
// analyzed), then collects: what stays is the packages' types and the
// syntax of the packages with deferred sites, on which the fixes,
// verify and the diff then run.
func releaseSyntax(pkgs []*packages.Package) {
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		p.Syntax, p.TypesInfo = nil, nil
	})
	runtime.GC()
}

func (r *runner) exitStatus(sites int) int {
	switch {
	case r.summary.failed():
		return ExitSkipped
	case r.opts.Check || r.opts.JSON:
		if sites > 0 {
			return ExitFindings
		}
	case r.opts.Diff:
		if r.summary.diffs > 0 {
			return ExitDiff
		}
	case len(r.summary.left) > 0:
		return ExitFindings
	}
	return ExitOK
}

func (r *runner) parseFile(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	r.mu.Lock()
	r.sources[filename] = src
	r.parsed++
	if _, ok := r.disk[filename]; !ok {
		r.disk[filename] = src
	}
	r.mu.Unlock()
	return parseGo(fset, filename, src)
}

// loadable returns the packages that loaded and type-checked; it
// names the others in the summary, which makes the exit status
// non-zero. A broken package is skipped, never half-fixed.
func (r *runner) loadable(pkgs []*packages.Package) []*packages.Package {
	var ok []*packages.Package
	broken := make(map[*packages.Package]*packages.Package)
	for _, p := range pkgs {
		if isTestMain(p) {
			continue // generated by go test: nothing to fix
		}
		if q := brokenBy(p, broken); q != nil {
			r.summary.skipPackage(p.ID, r.loadError(p, q))
			continue
		}
		ok = append(ok, p)
	}
	return ok
}

// isTestMain reports whether p is the main package that go test
// generates for a test binary.
func isTestMain(p *packages.Package) bool {
	return p.Name == "main" && p.ID == p.PkgPath && strings.HasSuffix(p.ID, ".test")
}

// brokenBy returns the first package with errors among p and the
// packages it imports, in the order of packages.Visit (imports first,
// by path), or nil. memo holds the answer for each package already
// seen, so that the graph is walked once, however many roots share it.
func brokenBy(p *packages.Package, memo map[*packages.Package]*packages.Package) *packages.Package {
	if q, ok := memo[p]; ok {
		return q
	}
	memo[p] = nil // an import cycle (an error of its own) ends here
	var q *packages.Package
	for _, path := range slices.Sorted(maps.Keys(p.Imports)) {
		if q = brokenBy(p.Imports[path], memo); q != nil {
			break
		}
	}
	if q == nil && len(p.Errors) > 0 {
		q = p
	}
	memo[p] = q
	return q
}

// loadError describes the first error of q, which keeps p from
// loading.
func (r *runner) loadError(p, q *packages.Package) string {
	e := firstError(q.Errors)
	msg := e.Msg
	if e.Pos != "" && e.Pos != "-" {
		msg = r.display(e.Pos) + ": " + msg
	}
	if q != p {
		msg = "dependency " + q.PkgPath + ": " + msg
	}
	return msg
}

// firstError returns the first parse or type error of errs, or else
// its first error. go list, which compiles the packages for their
// export data (loadMode), reports a package that does not compile
// with a list error, the compiler's output, ahead of the type
// checker's own error for the same line.
func firstError(errs []packages.Error) packages.Error {
	for _, e := range errs {
		if e.Kind == packages.ParseError || e.Kind == packages.TypeError {
			return e
		}
	}
	return errs[0]
}

// collect gathers the diagnostics of the root packages, and their
// deferred sites (deferred.go), of which it marks those to diagnose. A
// file that belongs to a package and to its test variant is analyzed
// twice; its diagnostics are kept once, from the variant with the most
// files: a fix written there sees every name that the test files
// declare, so it compiles in both (verify checks both).
func (r *runner) collect(graph *checker.Graph) ([]*finding, []*deferredPass) {
	// A choice is where a diagnostic comes from: a finding, or the
	// index'th site of a deferred pass.
	type choice struct {
		pkg   *packages.Package
		f     *finding
		pass  *deferredPass
		index int
	}
	chosen := make(map[string]*choice)
	var order []string
	offer := func(key string, c *choice) {
		if prev, ok := chosen[key]; ok {
			if len(c.pkg.CompiledGoFiles) > len(prev.pkg.CompiledGoFiles) {
				*prev = *c
			}
			return
		}
		chosen[key] = c
		order = append(order, key)
	}
	var passes []*deferredPass
	for _, act := range graph.Roots {
		pkg := act.Package
		if act.Err != nil {
			r.summary.skipPackage(pkg.ID, act.Err.Error())
			continue
		}
		for _, d := range act.Diagnostics {
			posn := pkg.Fset.Position(d.Pos)
			key := fmt.Sprintf("%s:%d:%d:%s", posn.Filename, posn.Line, posn.Column, d.Message)
			offer(key, &choice{pkg: pkg, f: &finding{diag: d, fset: pkg.Fset, pkg: pkg, posn: posn}})
		}
		if sites, ok := act.Result.(deferredSites); ok && sites.Len() > 0 {
			dp := &deferredPass{pkg: pkg, sites: sites, keep: make([]bool, sites.Len())}
			passes = append(passes, dp)
			for i, key := range siteKeys(pkg.Fset, sites) {
				offer(key, &choice{pkg: pkg, pass: dp, index: i})
			}
		}
	}
	var all []*finding
	for _, key := range order {
		if c := chosen[key]; c.f != nil {
			all = append(all, c.f)
		} else {
			c.pass.keep[c.index] = true
		}
	}
	sortFindings(all)
	return all, passes
}

func sortFindings(fs []*finding) {
	slices.SortFunc(fs, func(a, b *finding) int {
		return cmp.Or(cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Offset, b.posn.Offset))
	})
}

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

// isStd reports whether p, loaded in module mode, is a package of the
// standard library.
func isStd(p *packages.Package) bool {
	if p == nil || p.Module != nil {
		return false
	}
	first, _, _ := strings.Cut(p.PkgPath, "/")
	return !strings.Contains(first, ".")
}

func (r *runner) printText(findings []*finding) {
	for _, f := range findings {
		posn := f.posn
		posn.Filename = r.display(posn.Filename)
		fmt.Fprintf(r.opts.Stdout, "%s: %s\n", posn, f.diag.Message)
	}
}

// jsonFinding is one line of -json output.
type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Package  string `json:"package"`
	Category string `json:"category"`
	Message  string `json:"message"`
}

func (r *runner) printJSON(findings []*finding) {
	out := make([]jsonFinding, 0, len(findings))
	for _, f := range findings {
		out = append(out, jsonFinding{
			File: f.posn.Filename, Line: f.posn.Line, Column: f.posn.Column,
			Package: f.pkg.PkgPath, Category: f.diag.Category, Message: f.diag.Message,
		})
	}
	enc := json.NewEncoder(r.opts.Stdout)
	enc.SetIndent("", "\t")
	enc.Encode(out)
}

func (r *runner) progress(format string, args ...any) {
	if r.opts.Verbose {
		r.outMu.Lock()
		defer r.outMu.Unlock()
		fmt.Fprintf(r.opts.Stderr, "kafix: %6.2fs "+format+"\n", append([]any{time.Since(r.start).Seconds()}, args...)...)
	}
}

// display shortens a file name (or a position, file:line:col) for
// people: relative to the directory kafix runs in (Options.Dir, or
// the current directory) when the file is below it.
func (r *runner) display(name string) string {
	if r.base == "" || !filepath.IsAbs(name) {
		return name
	}
	if rel, err := filepath.Rel(r.base, name); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return name
}
