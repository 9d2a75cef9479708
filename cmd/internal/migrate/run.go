package migrate

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"slices"
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

	mu      sync.Mutex
	sources map[string][]byte // file contents as parsed, by file name

	summary summary
}

// A finding is one diagnostic with where it came from.
type finding struct {
	diag  analysis.Diagnostic
	fset  *token.FileSet
	pkg   *packages.Package
	posn  token.Position
	fixed bool
}

func (r *runner) run(patterns []string) int {
	r.start = time.Now()
	r.sources = make(map[string][]byte)
	cfg := &packages.Config{
		Mode:  loadMode,
		Tests: r.opts.Tests,
		// Keep the bytes each file was parsed from: fixes apply to
		// exactly what was analyzed, and a file changed on disk since
		// then is not overwritten.
		ParseFile: r.parseFile,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		fmt.Fprintf(r.opts.Stderr, "kafix: %v\n", err)
		return ExitSkipped
	}
	r.progress("loaded %d packages", len(pkgs))

	roots := r.loadable(pkgs)
	graph, err := checker.Analyze([]*analysis.Analyzer{r.analyzer}, roots, nil)
	if err != nil {
		fmt.Fprintf(r.opts.Stderr, "kafix: %v\n", err)
		return ExitSkipped
	}
	findings := r.collect(graph)
	r.progress("analyzed %d packages: %d sites", len(roots), len(findings))

	switch {
	case r.opts.JSON:
		r.printJSON(findings)
	case r.opts.Check:
		r.printText(findings)
	default:
		r.applyFixes(findings)
	}
	r.summary.print(r.opts, time.Since(r.start))
	return r.exitStatus(len(findings))
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
	case r.summary.left() > 0:
		return ExitFindings
	}
	return ExitOK
}

func (r *runner) parseFile(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	r.mu.Lock()
	r.sources[filename] = src
	r.mu.Unlock()
	return parseGo(fset, filename, src)
}

// loadable returns the packages that loaded and type-checked; it
// names the others in the summary, which makes the exit status
// non-zero. A broken package is skipped, never half-fixed.
func (r *runner) loadable(pkgs []*packages.Package) []*packages.Package {
	var ok []*packages.Package
	for _, p := range pkgs {
		if err := firstError(p); err != "" {
			r.summary.skipPackage(p.PkgPath, err)
			continue
		}
		ok = append(ok, p)
	}
	return ok
}

// firstError is the first error of p or of a package it imports.
func firstError(p *packages.Package) string {
	var msg string
	packages.Visit([]*packages.Package{p}, nil, func(q *packages.Package) {
		if msg == "" && len(q.Errors) > 0 {
			msg = q.Errors[0].Error()
			if q != p {
				msg = "dependency " + q.PkgPath + ": " + msg
			}
		}
	})
	return msg
}

// collect gathers the diagnostics of the root packages. A file that
// belongs to a package and to its test variant is analyzed twice; its
// diagnostics are kept once.
func (r *runner) collect(graph *checker.Graph) []*finding {
	var all []*finding
	seen := make(map[string]bool)
	for _, act := range graph.Roots {
		if act.Err != nil {
			r.summary.skipPackage(act.Package.PkgPath, act.Err.Error())
			continue
		}
		r.progress("%s: %d sites", act.Package.ID, len(act.Diagnostics))
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			key := fmt.Sprintf("%s:%d:%d:%s", posn.Filename, posn.Line, posn.Column, d.Message)
			if seen[key] {
				continue
			}
			seen[key] = true
			all = append(all, &finding{diag: d, fset: act.Package.Fset, pkg: act.Package, posn: posn})
		}
	}
	slices.SortFunc(all, func(a, b *finding) int {
		return cmp.Or(cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Offset, b.posn.Offset))
	})
	r.summary.found = len(all)
	return all
}

func (r *runner) printText(findings []*finding) {
	for _, f := range findings {
		posn := f.posn
		posn.Filename = display(posn.Filename)
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
		fmt.Fprintf(r.opts.Stderr, "kafix: %6.2fs "+format+"\n", append([]any{time.Since(r.start).Seconds()}, args...)...)
	}
}

// display shortens a file name for people: relative to the current
// directory when the file is below it.
func display(name string) string {
	wd, err := os.Getwd()
	if err != nil {
		return name
	}
	if rel, err := filepath.Rel(wd, name); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return name
}
