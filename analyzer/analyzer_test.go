package analyzer_test

import (
	"fmt"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/fixer"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// testsConfig is the default configuration with -tests: the testdata
// packages with sites in _test.go files check those too.
// TestTestFilesNotReportedByDefault checks the default on them.
func testsConfig() analyzer.Config {
	cfg := analyzer.DefaultConfig()
	cfg.Tests = true
	return cfg
}

// TestNetSites checks the diagnostics and the fixes of every net and
// crypto/tls site kind against // want comments and .golden files.
func TestNetSites(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(testsConfig()),
		"dial", "listen", "tlssite", "conn", "connstyle", "shadow", "dotimport", "control", "probe")
}

// TestControlAssignedUnderUserTimeout checks that under -user-timeout,
// whose fix needs a Dialer's or ListenConfig's Control function, a
// Control assigned anew later has no automatic fix.
func TestControlAssignedUnderUserTimeout(t *testing.T) {
	cfg := analyzer.DefaultConfig()
	cfg.Policy.UserTimeout = fixer.UserTimeoutAuto
	analysistest.Run(t, testdata(t), analyzer.New(cfg), "controlut")
}

// TestUserTimeoutAuto checks the shapes of -user-timeout=auto: the
// option setter, as small as what the package's fixes call, in a file
// whose imports it joins, and before go1.23 the exact timers through
// it. The net packages are those of TestNetSites and
// TestListenerFDTaken, against their .auto.golden files (package
// rawtags: TestRawBuildTags).
func TestUserTimeoutAuto(t *testing.T) {
	runWithAutoFixes(t, testdata(t), analyzer.New(autoTestsConfig()), "dial", "listen", "conn", "control", "fdtaken", "tlssite", "connstyle")
	runWithFixes(t, filepath.Join(testdata(t), "oldgoauto"), analyzer.New(autoTestsConfig()), "./...")
}

// TestReusePolicy checks that the fixes of a package with a keepalive
// policy of its own (a net.KeepAliveConfig variable) use it, and that a
// variable the package changes at run time is not reused.
func TestReusePolicy(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "reuse", "reuseassigned")
}

// TestTestsOnly checks that, under -tests and a user timeout (which
// needs the option setter), a package whose sites are all in tests
// gets its option setter in a test file, and a library gets it in a
// file with a site, not in one without.
func TestTestsOnly(t *testing.T) {
	cfg := testsConfig()
	cfg.Policy.UserTimeout = fixer.UserTimeoutAuto
	runWithFixes(t, testdata(t), analyzer.New(cfg), "testsonly", "setterplace")
}

// testFilePackages are the testdata packages with sites in _test.go
// files.
var testFilePackages = []string{"dial", "connstyle", "testsonly", "rawstyle", "loopback"}

// TestTestFilesNotReportedByDefault checks that without -tests no site
// in a _test.go file is reported, while the sites of the other files
// of the same packages still are, each // want line once.
func TestTestFilesNotReportedByDefault(t *testing.T) {
	results := analysistest.Run(&discard{t}, testdata(t), analyzer.New(analyzer.DefaultConfig()), testFilePackages...)
	wantLines := make(map[string]bool) // the // want lines outside test files
	testWants := 0
	for _, r := range results {
		for _, f := range r.Pass.Files {
			name := r.Pass.Fset.File(f.FileStart).Name()
			for _, c := range comments(f) {
				if !strings.Contains(c.Text, "// want `") {
					continue
				}
				if strings.HasSuffix(name, "_test.go") {
					testWants++
				} else {
					wantLines[lineOf(r.Pass.Fset, c.Pos())] = true
				}
			}
		}
	}
	got := make(map[string]bool)
	for _, r := range results {
		for _, d := range r.Diagnostics {
			posn := r.Pass.Fset.Position(d.Pos)
			if strings.HasSuffix(posn.Filename, "_test.go") {
				t.Errorf("%s: reported without -tests: %s", posn, d.Message)
			}
			got[lineOf(r.Pass.Fset, d.Pos)] = true
		}
	}
	for line := range wantLines {
		if !got[line] {
			t.Errorf("%s: not reported", line)
		}
	}
	if testWants == 0 || len(wantLines) == 0 {
		t.Errorf("%v: %d // want lines in test files, %d in others; want some of each", testFilePackages, testWants, len(wantLines))
	}
}

// TestFacts checks that helpers in one package cover sites in another.
func TestFacts(t *testing.T) {
	analysistest.Run(t, testdata(t), analyzer.New(defaultConfig()), "helper", "helperuse")
}

// TestGenerated checks that generated files are neither reported nor
// edited.
func TestGenerated(t *testing.T) {
	analysistest.Run(t, testdata(t), analyzer.New(defaultConfig()), "generated")
}

// TestOldGo checks the fixes for a go1.22 module, which predates
// net.KeepAliveConfig, and for a go1.17 module, which predates
// generics too.
func TestOldGo(t *testing.T) {
	for _, mod := range oldGoModules {
		t.Run(mod, func(t *testing.T) {
			runWithFixes(t, filepath.Join(testdata(t), mod), analyzer.New(defaultConfig()), "./...")
		})
	}
}

// TestLoopback checks that sites on this host (a loopback address
// however it is spelled, a listener's own address when dialing) are
// not reported by default, and that the sites of other hosts, or of
// hosts that may be other, are, with their fixes.
func TestLoopback(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(testsConfig()), "loopback")
}

// TestLoopbackReported runs the loopback package with -loopback: it
// reports exactly the lines marked // want and // local, each with a
// fix.
func TestLoopbackReported(t *testing.T) {
	cfg := testsConfig()
	cfg.Loopback = true
	results := analysistest.Run(&discard{t}, testdata(t), analyzer.New(cfg), "loopback")
	want := make(map[string]bool)
	got := make(map[string]bool)
	for _, r := range results {
		for _, f := range r.Pass.Files {
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					if c.Text == "// local" || strings.HasPrefix(c.Text, "// want") {
						want[lineOf(r.Pass.Fset, c.Pos())] = true
					}
				}
			}
		}
		for _, d := range r.Diagnostics {
			got[lineOf(r.Pass.Fset, d.Pos)] = true
			if len(d.SuggestedFixes) != 1 {
				t.Errorf("%s: %d fixes, want 1", r.Pass.Fset.Position(d.Pos), len(d.SuggestedFixes))
			}
		}
	}
	for line := range want {
		if !got[line] {
			t.Errorf("%s: not reported with -loopback", line)
		}
	}
	for line := range got {
		if !want[line] {
			t.Errorf("%s: reported with -loopback, but marked neither // want nor // local", line)
		}
	}
	if len(want) == 0 {
		t.Error("no marked lines in package loopback")
	}
}

func lineOf(fset *token.FileSet, pos token.Pos) string {
	p := fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// TestNetworkInLocal checks that a network held in a local variable
// assigned only constants counts as those constants.
func TestNetworkInLocal(t *testing.T) {
	analysistest.Run(t, testdata(t), analyzer.New(defaultConfig()), "netlocal")
}

// discard is a testing.T that lets analysistest's // want mismatches
// pass: TestLoopbackReported checks the diagnostics itself.
type discard struct{ *testing.T }

func (d *discard) Errorf(format string, args ...any) {}

// TestFuncValues checks net.Dial, net.DialTimeout, net.Listen and
// tls.Dial used as function values, and their fixes, which keep the
// signature.
func TestFuncValues(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "funcvalue")
}

// TestDialerFields checks zero net.Dialers and net.ListenConfigs held
// in struct fields, and their fixes, which key the field.
func TestDialerFields(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "dialerfield")
}

// TestWrappers checks that a listener or Dialer put into a wrapper
// whose own Accept, or Dial and DialContext, turn keepalive on for
// every connection they hand out is covered, in this package and
// through another's facts, and that wrappers which hand out some
// connections as they are cover nothing.
func TestWrappers(t *testing.T) {
	analysistest.Run(t, testdata(t), analyzer.New(analyzer.DefaultConfig()), "wrapperlib", "wrapperlisten")
}

// TestNetworkInBranch checks that a network read in the body of a
// case clause or an if that compares it with constants counts as
// those constants, and that an else, a default clause, a clause
// entered by fallthrough, or a network that may change meanwhile does
// not.
func TestNetworkInBranch(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "netbranch")
}

// TestRegistries checks that a function stored in a package-level map
// that the package only looks up to call is covered when every call
// through the map, and every direct one, turns keepalive on, and that
// a map whose functions escape, are ranged over, are called without
// keepalive, or that is replaced whole, covers nothing.
func TestRegistries(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "registry")
}
