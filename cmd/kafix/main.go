package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/cmd/internal/migrate"
)

func main() {
	if unitcheckerMode(os.Args[1:]) {
		flag.Var(toolVersionFlag{}, "V", "print the version and exit; -V=full adds the build ID that go vet and go fix key their caches with")
		migrate.TuneCollector(unitCollectorPercent)
		singlechecker.Main(analyzer.Analyzer)
		return
	}
	os.Exit(runMigration(os.Args[1:], os.Stdout, os.Stderr))
}

// unitCollectorPercent is the GOGC of a run on one compilation unit
// (go vet, go fix), unless the user set GOGC or GOMEMLIMIT. The go
// command runs the tool once per package of the import graph, each
// run on a heap of tens of megabytes that lives for a fraction of a
// second: collecting it at GOGC=100 cost kafix, which also reads and
// writes facts, about a fifth more CPU than a no-op vettool on the
// units of net/http's import graph; at 400, less (measured with the
// vet.cfg files of go vet -work: CPU 3.8 s against the no-op's 4.1 s
// over three rounds; peak RSS on runtime's unit 117 MB against 88 MB).
const unitCollectorPercent = 400

// unitcheckerMode reports whether the go command is calling: it asks
// for the tool's version or flags, or hands it one compilation unit.
func unitcheckerMode(args []string) bool {
	for _, a := range args {
		if a == "-V" || a == "--V" || strings.HasPrefix(a, "-V=") || strings.HasPrefix(a, "--V=") || a == "-flags" || a == "--flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

// runMigration runs kafix's own driver with the command line args and
// returns the exit status.
func runMigration(args []string, stdout, stderr io.Writer) int {
	cfg := analyzer.DefaultConfig()
	opts := migrate.Options{Stdout: stdout, Stderr: stderr, FactRoots: analyzer.SocketPackage}
	fs := flag.NewFlagSet("kafix", flag.ContinueOnError)
	// The flag package prints a parse error followed by the whole
	// usage; kafix prints the error and where the usage is, as go vet
	// does, and the usage when asked for it.
	fs.SetOutput(io.Discard)
	cfg.RegisterFlags(fs)
	opts.RegisterFlags(fs)
	printVersion := fs.Bool("version", false, "print kafix's version and exit")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			fs.SetOutput(stderr)
			fmt.Fprint(stderr, usage)
			fs.PrintDefaults()
			return migrate.ExitOK
		}
		return usageError(stderr, err)
	}
	if *printVersion {
		fmt.Fprintf(stdout, "kafix version %s\n", version(debug.ReadBuildInfo()))
		return migrate.ExitOK
	}
	if err := cfg.Validate(); err != nil {
		return usageError(stderr, err)
	}
	// Test files are loaded only when their sites are reported: one
	// flag, the analyzer's -tests, for both.
	opts.Tests = cfg.Tests
	// Fixes are built after the analysis, on a small heap; -check and
	// -json work them out too, for the words that describe them, but
	// do not print them.
	aopts := []analyzer.Option{analyzer.DeferFixes()}
	if opts.Check || opts.JSON {
		aopts = append(aopts, analyzer.ReportOnly())
	}
	return migrate.Run(analyzer.New(cfg, aopts...), opts, fs.Args())
}

// usageError prints err, a wrong command line, and where the usage
// is, and returns the exit status that says so.
func usageError(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "kafix: %v\nrun 'kafix -h' for usage\n", err)
	return migrate.ExitUsage
}

const usage = `kafix finds TCP connections created without a deliberate keepalive policy
and rewrites the code so that they have one.

Usage:
	kafix [flags] packages          rewrite the packages in place
	kafix -diff [flags] packages    print the diff, write nothing
	kafix -check [flags] packages   report only, as file:line:col: message
	kafix -json [flags] packages    report only, as JSON
	kafix -version                  print the version
	go vet -vettool=$(command -v kafix) [flags] packages
	go fix -fixtool=$(command -v kafix) [flags] packages

-check, -json and -diff exclude one another. Every run but -json ends
with one line of totals on stderr.

//kafix:ignore <reason> on a site's line or the line above silences
that site; //kafix:file-ignore <reason> anywhere in a file silences
every site of the file. A directive without a reason silences nothing
and is reported.

Exit status, the first that applies:
	2  the command line is wrong, or something was skipped because of an
	   error: a package that does not load or type-check, a file not
	   written, a fix that would not compile
	3  -check, -json: sites or directives reported; rewriting in place:
	   sites left unfixed, or directives without a reason
	1  -diff: a diff printed
	0  otherwise

Flags:
`
