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

// TestTLSListenRefusal checks that the fix of tls.Listen keeps its
// refusal of a config without a certificate: a check before the
// Listen, handled as the call's error was; none for a literal that
// names a certificate source; no fix where the check would evaluate
// the config twice or the code would go on after it.
func TestTLSListenRefusal(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(analyzer.DefaultConfig()), "tlsrefusal")
}
