package migrate

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// collectorPercent is the GOGC that a run uses unless the user set
// GOGC or GOMEMLIMIT. A run's peak memory is loading's: from then on
// the live heap only shrinks, since each package's syntax is released
// once it is analyzed (releasePass) and the fixes are built after the
// analysis (deferred.go). That leaves kafix below the memory of a
// plain x/tools driver, which keeps every package to the end, so it
// spends the difference on collecting less often. Measured on the
// generated 1M-line module (kafixbench's gen, CPU seconds of kafix
// -check / -diff, peak RSS): GOGC=100 with a soft limit 10% above the
// memory loading left in use, 11.2-12.1 s / 15.0-15.8 s, 1.38 GB; 200
// and no limit, 8.3 s / 10.9-11.6 s, 1.6-1.75 GB, against 2.0-2.2 GB
// for the plain driver; on std with tests 2.44 GB against its 2.46.
const collectorPercent = 200

// TuneCollector runs the collector at GOGC=percent unless the user
// set GOGC or GOMEMLIMIT, and returns what restores it.
func TuneCollector(percent int) (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(percent)
	return func() { debug.SetGCPercent(old) }
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

// writeMemProfile writes a heap profile to Options.MemProfile, if set.
func (r *runner) writeMemProfile() {
	if r.opts.MemProfile == "" || r.memProfiled {
		return
	}
	r.memProfiled = true
	f, err := os.Create(r.opts.MemProfile)
	if err != nil {
		fmt.Fprintln(r.opts.Stderr, "kafix:", err)
		return
	}
	defer f.Close()
	pprof.Lookup("heap").WriteTo(f, 0)
}
