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
		"dial", "listen", "tlssite", "conn", "shadow", "dotimport", "control")
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
// net.KeepAliveConfig.
func TestOldGo(t *testing.T) {
	runWithFixes(t, filepath.Join(testdata(t), "oldgo"), analyzer.New(analyzer.DefaultConfig()), "./...")
}
