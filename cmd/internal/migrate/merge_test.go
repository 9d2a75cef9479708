package migrate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestMergeEdits: identical edits are kept once, disjoint ones are
// merged in order, and edits that touch the same bytes (or insert at
// the same place, or insert inside a replaced range) are refused.
func TestMergeEdits(t *testing.T) {
	prev := []edit{{10, 20, "A"}, {30, 30, "ins30"}}
	tests := []struct {
		name  string
		edits []edit
		want  []edit // nil: refused
	}{
		{"identical replacement kept once", []edit{{10, 20, "A"}}, prev},
		{"identical insertion kept once", []edit{{30, 30, "ins30"}}, prev},
		{"disjoint before", []edit{{0, 5, "B"}}, []edit{{0, 5, "B"}, {10, 20, "A"}, {30, 30, "ins30"}}},
		{"adjacent before", []edit{{5, 10, "B"}}, []edit{{5, 10, "B"}, {10, 20, "A"}, {30, 30, "ins30"}}},
		{"adjacent after", []edit{{20, 25, "B"}}, []edit{{10, 20, "A"}, {20, 25, "B"}, {30, 30, "ins30"}}},
		{"insertion at a replacement's start", []edit{{10, 10, "I"}}, []edit{{10, 10, "I"}, {10, 20, "A"}, {30, 30, "ins30"}}},
		{"insertion at a replacement's end", []edit{{20, 20, "I"}}, []edit{{10, 20, "A"}, {20, 20, "I"}, {30, 30, "ins30"}}},
		{"same range, other text", []edit{{10, 20, "other"}}, nil},
		{"overlapping start", []edit{{5, 11, "B"}}, nil},
		{"overlapping end", []edit{{19, 25, "B"}}, nil},
		{"inside", []edit{{12, 15, "B"}}, nil},
		{"around", []edit{{0, 40, "B"}}, nil},
		{"insertion inside a replacement", []edit{{15, 15, "I"}}, nil},
		{"replacement around an insertion", []edit{{25, 35, "B"}}, nil},
		{"another insertion at the same place", []edit{{30, 30, "other"}}, nil},
		{"all or nothing: a good edit with a conflicting one", []edit{{0, 5, "B"}, {12, 15, "C"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(prev)
			got, ok := mergeEdits(prev, tt.edits)
			if !slices.Equal(prev, before) {
				t.Fatalf("mergeEdits changed prev: %v", prev)
			}
			if tt.want == nil {
				if ok {
					t.Errorf("merged into %v, want a refusal", got)
				}
				return
			}
			if !ok {
				t.Fatalf("refused, want %v", tt.want)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestMergeEditsNeverInterleaves merges random fixes into one file the
// way applyFixes does and checks the result against each fix: every
// byte of the original that no accepted edit touches is still there,
// in order, and every accepted fix's replacement text appears whole, in
// place; a refused fix leaves no trace.
func TestMergeEditsNeverInterleaves(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	src := []byte(strings.Repeat("abcdefghij", 10))
	for iter := range 2000 {
		var merged []edit
		var accepted [][]edit
		for fix := range 1 + rng.IntN(6) {
			var edits []edit
			for k := range 1 + rng.IntN(3) {
				start := rng.IntN(len(src) + 1)
				end := min(len(src), start+rng.IntN(6))
				if rng.IntN(3) == 0 {
					end = start
				}
				edits = append(edits, edit{start, end, fmt.Sprintf("<%d.%d>", fix, k)})
			}
			if own, ok := mergeEdits(nil, edits); !ok || len(own) != len(edits) {
				continue // a fix's own edits never overlap
			}
			m, ok := mergeEdits(merged, edits)
			if !ok {
				continue
			}
			if len(m) != len(merged)+len(edits) {
				t.Fatalf("iteration %d: merged %d+%d edits into %d", iter, len(merged), len(edits), len(m))
			}
			merged = m
			accepted = append(accepted, edits)
		}
		out := string(applyEdits(src, merged))

		// Walk the merged edits over the output: the untouched bytes
		// and each replacement text must come in order.
		rest, last := out, 0
		for _, e := range merged {
			if e.start < last {
				t.Fatalf("iteration %d: edits out of order or overlapping: %v", iter, merged)
			}
			keep := string(src[last:e.start])
			if !strings.HasPrefix(rest, keep) {
				t.Fatalf("iteration %d: original bytes %q lost in %q", iter, keep, out)
			}
			rest = rest[len(keep):]
			if !strings.HasPrefix(rest, e.text) {
				t.Fatalf("iteration %d: edit %v interleaved in %q", iter, e, out)
			}
			rest = rest[len(e.text):]
			last = e.end
		}
		if rest != string(src[last:]) {
			t.Fatalf("iteration %d: tail %q, want %q", iter, rest, src[last:])
		}
		n := 0
		for _, edits := range accepted {
			n += len(edits)
		}
		if strings.Count(out, "<") != n {
			t.Fatalf("iteration %d: %d edit texts in %q, want %d", iter, strings.Count(out, "<"), out, n)
		}
	}
}
