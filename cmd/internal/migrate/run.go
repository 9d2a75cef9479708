package migrate

import (
	"cmp"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/fixer/textedit"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

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

	goDirsOnce sync.Once
	dirs       goDirs // the go command's own trees, which kafix never writes (goDirs)

	memProfiled bool // the heap profile is written (writeMemProfile)

	unwritable map[string]error // why a file cannot be written, by name; nil if it can
	links      unionFind        // files that one fix edits together

	summary summary

	// SIGINT and SIGTERM (catchSignals).
	sigMu       sync.Mutex
	writing     bool      // writeChanges has begun
	interrupted os.Signal // the signal that stopped the run, or nil
	exit        func(int) // os.Exit; a test's run never exits

	// Test hooks: beforeWrite, if set, is called just before each
	// file is written; maxRounds, if set, replaces the constant.
	beforeWrite func(name string)
	maxRounds   int
	tick        time.Duration // how often -v reports the loading; 0 means 2s
}

// A finding is one diagnostic with where it came from.
type finding struct {
	diag    analysis.Diagnostic
	fix     string // its fix's message: what the fix sets; "" if it has none
	partial string // why its fix falls short of the policy in force, if it does
	fset    *token.FileSet
	pkg     *packages.Package
	posn    token.Position
	edits   map[string][]textedit.Edit // its fix, by file, once merged
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
	defer r.catchSignals()()

	findings, ok := r.analyze(patterns, nil)
	if !ok {
		return ExitSkipped
	}
	sites, directives := splitDirectives(findings)
	r.summary.found = len(sites)
	r.summary.directive(directives)
	switch {
	case r.opts.JSON:
		r.printJSON(findings)
		r.summary.describe(sites)
	case r.opts.Check:
		r.printText(findings)
		r.summary.describe(sites)
	default:
		r.final = make(map[string]*change)
		rounds := cmp.Or(r.maxRounds, maxRounds)
		progress := r.accept(r.plan(sites))
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
			// again, and says what became of them; their directives
			// the first pass found already.
			r.summary.forget(dirs)
			sites, _ := splitDirectives(findings)
			progress = r.accept(r.plan(sites))
		}
		r.output()
	}
	r.summary.print(r.opts, time.Since(r.start))
	return r.exitStatus()
}

func (r *runner) exitStatus() int {
	switch {
	case r.summary.failed():
		return ExitSkipped
	case r.opts.Check || r.opts.JSON:
		if r.summary.found+len(r.summary.directives) > 0 {
			return ExitFindings
		}
	case r.opts.Diff:
		if r.summary.diffs > 0 {
			return ExitDiff
		}
	case len(r.summary.left) > 0 || len(r.summary.directives) > 0:
		return ExitFindings
	}
	return ExitOK
}

// splitDirectives separates the findings that are sites from those
// that report a directive (analyzer.DirectiveCategory), which have no
// fix and are no site: a migration lists them apart, and counts them
// apart from the sites.
func splitDirectives(findings []*finding) (sites, directives []*finding) {
	for _, f := range findings {
		if f.diag.Category == analyzer.DirectiveCategory {
			directives = append(directives, f)
		} else {
			sites = append(sites, f)
		}
	}
	return sites, directives
}
