package migrate

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Exit statuses.
const (
	ExitOK       = 0 // nothing to report, or everything fixed
	ExitDiff     = 1 // -diff printed a difference
	ExitSkipped  = 2 // a package, file or fix was skipped because of an error
	ExitUsage    = 2 // the command line is wrong: nothing was run
	ExitFindings = 3 // -check or -json found sites or directives; sites or directives were left
)

// Options select what a run does with the analyzer's findings.
type Options struct {
	Check   bool // report only: file:line:col: message
	JSON    bool // report only, as JSON
	Diff    bool // print a unified diff of the fixes, write nothing
	Verbose bool // progress on stderr, and each fix's message
	Tests   bool // load and analyze test files too (kafix: the analyzer's -tests)

	// FactRoots, if set, names the packages that the analyzer's facts
	// start from: a package can export a fact only if it is one of
	// them, or imports one directly, or imports a package that can
	// (for keepalive, the socket packages: analyzer.SocketPackage). The
	// dependencies that cannot are loaded from export data. If nil, any
	// package outside the standard library can export a fact.
	FactRoots func(importPath string) bool

	CPUProfile string // write a CPU profile of the run to this file
	MemProfile string // write a heap profile, taken once the packages are loaded (the peak), to this file

	Dir    string // the directory the patterns are relative to; "" is the current one
	Stdout io.Writer
	Stderr io.Writer
}

// loadTests reports whether a run loads test files: with Tests, and
// whenever it writes or diffs fixes, whose names and edits must then
// compile in the packages' test variants too (verify checks them
// there). A report-only run without Tests needs none: a test file's
// sites are not reported, and nothing outside the test files can use
// what they declare.
func (o Options) loadTests() bool {
	return o.Tests || !(o.Check || o.JSON)
}

// checkModes reports an error if o selects more than one of -check,
// -json and -diff: each is a report of its own, and running one of
// them silently would leave the user waiting for the other.
func (o Options) checkModes() error {
	var modes []string
	for _, m := range []struct {
		on   bool
		flag string
	}{{o.Check, "-check"}, {o.JSON, "-json"}, {o.Diff, "-diff"}} {
		if m.on {
			modes = append(modes, m.flag)
		}
	}
	if len(modes) < 2 {
		return nil
	}
	return fmt.Errorf("%s and %s cannot be used together: pick one", strings.Join(modes[:len(modes)-1], ", "), modes[len(modes)-1])
}

// RegisterFlags registers the driver's flags on fs, writing into o.
func (o *Options) RegisterFlags(fs *flag.FlagSet) {
	fs.BoolVar(&o.Check, "check", false, "report the sites, and directives without a reason, as file:line:col: message and exit 3 if there are any; write nothing")
	fs.BoolVar(&o.JSON, "json", false, "report the sites, and directives without a reason, as JSON and exit 3 if there are any; write nothing")
	fs.BoolVar(&o.Diff, "diff", false, "print the unified diff of the fixes and exit 1 if there is one; write nothing")
	fs.BoolVar(&o.Verbose, "v", false, "print progress on stderr, and what each fix sets")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile to `file`")
	fs.StringVar(&o.MemProfile, "memprofile", "", "write a heap profile, taken once the packages are loaded, to `file`")
}

// Main parses the command line with a's flags and the driver's, runs
// a, and returns the exit status. It serves programs that drive an
// analyzer without a policy of their own, such as the benchmark floor.
// Test files are loaded with -tests, as kafix loads them: a's own
// -tests flag if it has one, else the driver's.
func Main(a *analysis.Analyzer) int {
	fs := flag.NewFlagSet(os.Args[0], flag.ContinueOnError)
	opts := Options{Stdout: os.Stdout, Stderr: os.Stderr}
	opts.RegisterFlags(fs)
	a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	if fs.Lookup(testsFlag) == nil {
		fs.BoolVar(&opts.Tests, testsFlag, false, "also load and analyze _test.go files, as kafix -tests does")
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		return ExitSkipped
	}
	if f := a.Flags.Lookup(testsFlag); f != nil {
		opts.Tests = f.Value.String() == "true"
	}
	return Run(a, opts, fs.Args())
}

// testsFlag is the name of the flag that loads test files: kafix's
// analyzer's -tests, which reports their sites too.
const testsFlag = "tests"

// Run runs a on the packages that patterns name, as opts says.
func Run(a *analysis.Analyzer, opts Options, patterns []string) int {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if err := opts.checkModes(); err != nil {
		fmt.Fprintln(opts.Stderr, "kafix:", err)
		return ExitUsage
	}
	if len(patterns) == 0 {
		fmt.Fprintln(opts.Stderr, "kafix: no packages named; try kafix ./...")
		return ExitUsage
	}
	if opts.CPUProfile != "" {
		f, err := os.Create(opts.CPUProfile)
		if err != nil {
			fmt.Fprintln(opts.Stderr, "kafix:", err)
			return ExitSkipped
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	defer TuneCollector(collectorPercent)()
	r := &runner{opts: opts, analyzer: a}
	return r.run(patterns)
}
