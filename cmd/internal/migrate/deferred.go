package migrate

import (
	"fmt"
	"go/token"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/packages"

	"github.com/kafix/kafix/analyzer"
)

// deferredSites is the result of a pass that leaves its diagnostics to
// be built after the whole analysis: the keepalive analyzer's, under
// analyzer.DeferFixes (*analyzer.Deferred). By then the driver has released the syntax
// of every package without sites, so the fixes, which allocate a lot,
// run on a heap that holds little more than the packages they edit,
// rather than alongside the syntax of the whole program.
type deferredSites interface {
	Len() int
	Span(i int) (pos, end token.Pos)
	Diagnose(keep func(i int) bool) []analyzer.Diagnosis
}

// A deferredPass is the deferred sites of a root package, and which of
// them collect chose to diagnose.
type deferredPass struct {
	pkg   *packages.Package
	sites deferredSites
	keep  []bool
}

// siteKeys returns a key for each site that is the same in every
// variant of a package that analyzes the site's file: its span, and
// how many sites came before it with the same span.
func siteKeys(fset *token.FileSet, sites deferredSites) []string {
	keys := make([]string, sites.Len())
	seen := make(map[[2]token.Pos]int)
	for i := range keys {
		pos, end := sites.Span(i)
		n := seen[[2]token.Pos{pos, end}]
		seen[[2]token.Pos{pos, end}]++
		from, to := fset.Position(pos), fset.Position(end)
		keys[i] = fmt.Sprintf("%s:%d:%d-%d:%d#%d", from.Filename, from.Line, from.Column, to.Line, to.Column, n)
	}
	return keys
}

// inParallel calls f(i) for each i in [0, n), on every processor.
func inParallel(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

// diagnose builds the diagnostics of the deferred passes, a package at
// a time on each processor, and returns them as findings. A package
// whose fixes panic is skipped, as the analysis would have skipped it.
func (r *runner) diagnose(passes []*deferredPass) []*finding {
	sites := 0
	for _, dp := range passes {
		for _, k := range dp.keep {
			if k {
				sites++
			}
		}
	}
	r.progress("fixing %s in %s", plural(sites, "site"), plural(len(passes), "package"))
	found := make([][]*finding, len(passes))
	panics := make([]string, len(passes))
	ids := make([]string, len(passes))
	for i, dp := range passes {
		ids[i] = dp.pkg.ID
	}
	inParallel(len(passes), func(i int) {
		found[i], panics[i] = r.diagnosePass(passes[i])
		passes[i] = nil // its syntax can go
	})
	var all []*finding
	for i, fs := range found {
		all = append(all, fs...)
		if panics[i] != "" {
			r.summary.skipPackage(ids[i], panics[i])
		}
	}
	return all
}

// diagnosePass builds the chosen diagnostics of dp. If that panics, it
// returns no findings and the package's skip reason.
func (r *runner) diagnosePass(dp *deferredPass) (found []*finding, panicked string) {
	defer func() {
		if e := recover(); e != nil {
			r.progress("%s: the analyzer panicked: %v\n%s", dp.pkg.ID, e, debug.Stack())
			found, panicked = nil, fmt.Sprintf("the analyzer panicked (a kafix bug; -v prints the stack): %v", e)
		}
	}()
	for _, d := range dp.sites.Diagnose(func(i int) bool { return dp.keep[i] }) {
		found = append(found, &finding{diag: d.Diagnostic, fix: d.Fix, partial: d.Partial, fset: dp.pkg.Fset, pkg: dp.pkg, posn: dp.pkg.Fset.Position(d.Diagnostic.Pos)})
	}
	return found, ""
}
