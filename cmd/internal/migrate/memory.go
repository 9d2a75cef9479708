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
