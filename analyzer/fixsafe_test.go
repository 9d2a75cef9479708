package analyzer_test

import (
	"testing"

	"github.com/kafix/kafix/analyzer"
)

// TestFreshNames checks that the names a fix declares are free in the
// whole scope they land in: not the name that the site's own statement
// declares, nor one that the block declares after the site.
func TestFreshNames(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(analyzer.DefaultConfig()), "freshname")
}
