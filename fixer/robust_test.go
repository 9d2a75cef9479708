package fixer_test

import (
	"strings"
	"testing"

	"github.com/kafix/kafix/analyzer"
)

// TestOddInputsGetNoFix runs the analyzer, with its fixer, on inputs
// whose syntax holds what only code that does not type-check (or a
// rare well-typed shape) holds. Each gives no panic, and either no
// diagnostic or one that says why it has no automatic fix.
func TestOddInputsGetNoFix(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      string // in the message of the one diagnostic; "" for none
	}{{
		// FuzzFix's reproducer of a panic in configLit (issue 16).
		name: "key that is not a field name",
		src:  "package A\nimport(\"net\")\nfunc A(){net.Dialer{!A0000000:00}}",
		want: "no automatic fix: the literal has a key that is not a field name",
	}, {
		name: "parenthesised key",
		src:  "package A\nimport(\"net\")\nfunc A(){ d := net.Dialer{(Timeout): 1}; d.Dial(\"tcp\", \"x\") }",
		want: "no automatic fix: the literal has a key that is not a field name",
	}, {
		name: "DialTCP without its arguments",
		src:  "package A\nimport(\"net\")\nfunc A(){ c, err := net.DialTCP(\"tcp\", nil); if err != nil { return }; _ = c }",
	}, {
		name: "DialTimeout without its timeout",
		src:  "package A\nimport(\"net\")\nfunc A(){ net.DialTimeout(\"tcp\", \"x\") }",
		want: "no automatic fix: DialTimeout with 2 arguments",
	}} {
		t.Run(c.name, func(t *testing.T) {
			in, ok := load([]byte(c.src), "")
			if !ok {
				t.Fatal("does not parse")
			}
			defer in.release()
			diags := in.analyze(t, analyzer.New(analyzer.DefaultConfig()))
			if c.want == "" {
				for _, d := range diags {
					t.Errorf("unexpected diagnostic: %s", d.Message)
				}
				return
			}
			if len(diags) != 1 {
				t.Fatalf("%d diagnostics, want 1: %v", len(diags), diags)
			}
			if d := diags[0]; len(d.SuggestedFixes) != 0 || !strings.Contains(d.Message, c.want) {
				t.Errorf("got %q with %d fixes, want %q and no fix", d.Message, len(d.SuggestedFixes), c.want)
			}
		})
	}
}
