package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/cmd/internal/migrate"
)

func main() {
	if unitcheckerMode(os.Args[1:]) {
		migrate.TuneCollector(unitCollectorPercent)
		singlechecker.Main(analyzer.Analyzer)
		return
	}
	os.Exit(runMigration(os.Args[1:]))
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
		if a == "-V=full" || a == "-V" || a == "--V=full" || a == "-flags" || a == "--flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

func runMigration(args []string) int {
	cfg := analyzer.DefaultConfig()
	opts := migrate.Options{Stdout: os.Stdout, Stderr: os.Stderr, FactRoots: analyzer.SocketPackage}
	fs := flag.NewFlagSet("kafix", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	cfg.RegisterFlags(fs)
	opts.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return migrate.ExitOK
		}
		return migrate.ExitSkipped
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(os.Stderr, "kafix:", err)
		return migrate.ExitSkipped
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

const usage = `kafix finds TCP connections created without a deliberate keepalive policy
and rewrites the code so that they have one.

Usage:
	kafix [flags] packages          rewrite the packages in place
	kafix -diff [flags] packages    print the diff, write nothing (exit 1 if any)
	kafix -check [flags] packages   report only (exit 3 if there are sites)
	kafix -json [flags] packages    report only, as JSON (exit 3 if there are sites)
	go vet -vettool=$(command -v kafix) [flags] packages
	go fix -fixtool=$(command -v kafix) [flags] packages

Exit status: 0 done, 1 diff printed, 2 something was skipped because of
an error (a package that does not load or type-check, a file not written,
a fix that would not compile), 3 sites reported or left unfixed.

Flags:
`
