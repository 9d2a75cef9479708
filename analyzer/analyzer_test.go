package analyzer_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/kafix/kafix/analyzer"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestNetSites checks the diagnostics and the fixes of every net and
// crypto/tls site kind against // want comments and .golden files.
func TestNetSites(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(analyzer.DefaultConfig()),
		"dial", "listen", "tlssite", "conn", "connstyle", "shadow", "dotimport", "control")
}

// TestReusePolicy checks that the fixes of a package with a keepalive
// policy of its own (a net.KeepAliveConfig variable) use it, and that a
// variable the package changes at run time is not reused.
func TestReusePolicy(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(analyzer.DefaultConfig()), "reuse", "reuseassigned")
}

// TestFacts checks that helpers in one package cover sites in another.
func TestFacts(t *testing.T) {
	analysistest.Run(t, testdata(t), analyzer.New(analyzer.DefaultConfig()), "helper", "helperuse")
}

// TestGenerated checks that generated files are neither reported nor
// edited.
func TestGenerated(t *testing.T) {
	analysistest.Run(t, testdata(t), analyzer.New(analyzer.DefaultConfig()), "generated")
}

// TestOldGo checks the fixes for a go1.22 module, which predates
// net.KeepAliveConfig, and for a go1.17 module, which predates
// generics too.
func TestOldGo(t *testing.T) {
	for _, mod := range oldGoModules {
		t.Run(mod, func(t *testing.T) {
			runWithFixes(t, filepath.Join(testdata(t), mod), analyzer.New(analyzer.DefaultConfig()), "./...")
		})
	}
}

// TestLoopback checks that sites whose address is a constant loopback
// address are not reported by default (their // want lines are the
// -loopback run's: see TestLoopbackReported), and that a remote or
// mixed one is.
func TestLoopback(t *testing.T) {
	results := analysistest.Run(&discard{t}, testdata(t), analyzer.New(analyzer.DefaultConfig()), "loopback")
	var got []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			got = append(got, r.Pass.Fset.Position(d.Pos).String())
		}
	}
	if len(got) != 2 {
		t.Errorf("without -loopback: %d sites %v, want the 2 that dial another host (remote, mixed)", len(got), got)
	}
}

// TestLoopbackReported runs the loopback package with -loopback: every
// site is reported, and fixed.
func TestLoopbackReported(t *testing.T) {
	cfg := analyzer.DefaultConfig()
	cfg.Loopback = true
	runWithFixes(t, testdata(t), analyzer.New(cfg), "loopback")
}

// TestNetworkInLocal checks that a network held in a local variable
// assigned only constants counts as those constants.
func TestNetworkInLocal(t *testing.T) {
	analysistest.Run(t, testdata(t), analyzer.New(analyzer.DefaultConfig()), "netlocal")
}

// discard is a testing.T that lets analysistest's // want mismatches
// pass: TestLoopback counts the diagnostics itself.
type discard struct{ *testing.T }

func (d *discard) Errorf(format string, args ...any) {}

// TestFuncValues checks net.Dial, net.DialTimeout, net.Listen and
// tls.Dial used as function values, and their fixes, which keep the
// signature.
func TestFuncValues(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(analyzer.DefaultConfig()), "funcvalue")
}

// TestDialerFields checks zero net.Dialers and net.ListenConfigs held
// in struct fields, and their fixes, which key the field.
func TestDialerFields(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(analyzer.DefaultConfig()), "dialerfield")
}
