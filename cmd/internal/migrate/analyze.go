package migrate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// analyze loads the packages that patterns name, with overlay in
// place of the files on disk, and runs the analyzer on them.
func (r *runner) analyze(patterns []string, overlay map[string][]byte) ([]*finding, bool) {
	if overlay == nil {
		r.progress("loading %s", strings.Join(patterns, " "))
	}
	cfg := &packages.Config{
		Mode:  loadMode,
		Dir:   r.opts.Dir,
		Tests: r.opts.loadTests(),
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

	roots := r.loadable(pkgs)
	r.roots = roots
	r.noteOtherSystems(roots)
	r.noteHiddenFiles(roots)
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
			f := &finding{diag: d, fset: pkg.Fset, pkg: pkg, posn: posn}
			if len(d.SuggestedFixes) > 0 {
				f.fix = d.SuggestedFixes[0].Message
			}
			offer(key, &choice{pkg: pkg, f: f})
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
