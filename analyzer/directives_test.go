package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/kafix/kafix/analyzer"
)

// TestIgnoreDirectives checks the directives that silence sites: with
// a reason, //kafix:ignore silences the site on its line or the next
// and //kafix:file-ignore every site of its file, and neither is
// reported; without one, each is reported at the directive and
// silences nothing. Where no site is reported (a generated file, a
// _test.go file without -tests), no directive is either.
func TestIgnoreDirectives(t *testing.T) {
	analysistest.Run(t, testdata(t), analyzer.New(testsConfig()), "ignore")
	analysistest.Run(t, testdata(t), analyzer.New(analyzer.DefaultConfig()), "ignoretestfile")
}
