package migrate

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// loadMode is what the checker needs: syntax and types for every
// package, dependencies included, since facts flow through them.
const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedTypes | packages.NeedTypesSizes |
	packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule

type runner struct {
	opts     Options
	analyzer *analysis.Analyzer
	start    time.Time
	base     string // the directory that file names are shown relative to

	outMu   sync.Mutex // serializes progress lines
	mu      sync.Mutex
	sources map[string][]byte  // file contents as parsed in this pass, by file name
	disk    map[string][]byte  // file contents as first loaded from disk
	parsed  int                // files parsed so far, for progress
	final   map[string]*change // what the passes so far do to each file
	roots   []*packages.Package

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
	diag  analysis.Diagnostic
	fset  *token.FileSet
	pkg   *packages.Package
	posn  token.Position
	edits map[string][]edit // its fix, by file, once merged
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
	stop := r.heartbeat()
	pkgs, err := packages.Load(cfg, patterns...)
	stop()
	if err != nil {
		fmt.Fprintf(r.opts.Stderr, "kafix: %v\n", err)
		return nil, false
	}
	r.progress("loaded %s", plural(len(pkgs), "package"))

	roots := r.loadable(pkgs)
	r.roots = roots
	graph, err := checker.Analyze([]*analysis.Analyzer{r.guard(r.analyzer, roots)}, roots, nil)
	if err != nil {
		fmt.Fprintf(r.opts.Stderr, "kafix: %v\n", err)
		return nil, false
	}
	findings := r.collect(graph)
	r.progress("analyzed %s: %s", plural(len(roots), "package"), plural(len(findings), "site"))
	return findings, true
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
	for _, p := range pkgs {
		if isTestMain(p) {
			continue // generated by go test: nothing to fix
		}
		if err := r.firstError(p); err != "" {
			r.summary.skipPackage(p.ID, err)
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

// firstError is the first error of p or of a package it imports.
func (r *runner) firstError(p *packages.Package) string {
	var msg string
	packages.Visit([]*packages.Package{p}, nil, func(q *packages.Package) {
		if msg == "" && len(q.Errors) > 0 {
			e := q.Errors[0]
			msg = e.Msg
			if e.Pos != "" && e.Pos != "-" {
				msg = r.display(e.Pos) + ": " + msg
			}
			if q != p {
				msg = "dependency " + q.PkgPath + ": " + msg
			}
		}
	})
	return msg
}

// collect gathers the diagnostics of the root packages. A file that
// belongs to a package and to its test variant is analyzed twice; its
// diagnostics are kept once, from the variant with the most files: a
// fix written there sees every name that the test files declare, so it
// compiles in both (verify checks both).
func (r *runner) collect(graph *checker.Graph) []*finding {
	var all []*finding
	seen := make(map[string]int) // key -> index in all
	for _, act := range graph.Roots {
		if act.Err != nil {
			r.summary.skipPackage(act.Package.ID, act.Err.Error())
			continue
		}
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			key := fmt.Sprintf("%s:%d:%d:%s", posn.Filename, posn.Line, posn.Column, d.Message)
			f := &finding{diag: d, fset: act.Package.Fset, pkg: act.Package, posn: posn}
			if i, ok := seen[key]; ok {
				if len(act.Package.CompiledGoFiles) > len(all[i].pkg.CompiledGoFiles) {
					all[i] = f
				}
				continue
			}
			seen[key] = len(all)
			all = append(all, f)
		}
	}
	slices.SortFunc(all, func(a, b *finding) int {
		return cmp.Or(cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Offset, b.posn.Offset))
	})
	return all
}

// guard returns a copy of a that reads files as they were parsed,
// reports progress as each root package is analyzed, and turns a
// panic into an error, which skips the package (and those that import
// it) rather than ending the run before the summary.
func (r *runner) guard(a *analysis.Analyzer, roots []*packages.Package) *analysis.Analyzer {
	isRoot := make(map[*types.Package]string)
	for _, p := range roots {
		isRoot[p.Types] = p.ID
	}
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
		if root {
			report := pass.Report
			pass.Report = func(d analysis.Diagnostic) {
				sites++
				report(d)
			}
		}
		defer func() {
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
		return a.Run(pass)
	}
	return &g
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
