package textedit

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
	prev := []Edit{{10, 20, "A"}, {30, 30, "ins30"}}
	tests := []struct {
		name  string
		edits []Edit
		want  []Edit // nil: refused
	}{
		{"identical replacement kept once", []Edit{{10, 20, "A"}}, prev},
		{"identical insertion kept once", []Edit{{30, 30, "ins30"}}, prev},
		{"disjoint before", []Edit{{0, 5, "B"}}, []Edit{{0, 5, "B"}, {10, 20, "A"}, {30, 30, "ins30"}}},
		{"adjacent before", []Edit{{5, 10, "B"}}, []Edit{{5, 10, "B"}, {10, 20, "A"}, {30, 30, "ins30"}}},
		{"adjacent after", []Edit{{20, 25, "B"}}, []Edit{{10, 20, "A"}, {20, 25, "B"}, {30, 30, "ins30"}}},
		{"insertion at a replacement's start", []Edit{{10, 10, "I"}}, []Edit{{10, 10, "I"}, {10, 20, "A"}, {30, 30, "ins30"}}},
		{"insertion at a replacement's end", []Edit{{20, 20, "I"}}, []Edit{{10, 20, "A"}, {20, 20, "I"}, {30, 30, "ins30"}}},
		{"same range, other text", []Edit{{10, 20, "other"}}, nil},
		{"overlapping start", []Edit{{5, 11, "B"}}, nil},
		{"overlapping end", []Edit{{19, 25, "B"}}, nil},
		{"inside", []Edit{{12, 15, "B"}}, nil},
		{"around", []Edit{{0, 40, "B"}}, nil},
		{"insertion inside a replacement", []Edit{{15, 15, "I"}}, nil},
		{"replacement around an insertion", []Edit{{25, 35, "B"}}, nil},
		{"another insertion at the same place", []Edit{{30, 30, "other"}}, nil},
		{"all or nothing: a good edit with a conflicting one", []Edit{{0, 5, "B"}, {12, 15, "C"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(prev)
			got, ok := Merge(prev, tt.edits)
			if !slices.Equal(prev, before) {
				t.Fatalf("Merge changed prev: %v", prev)
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

// TestMergeEditsNeverInterleaves merges random fixes into one file as
// the migration driver does and checks the result against each fix: every
// byte of the original that no accepted edit touches is still there,
// in order, and every accepted fix's replacement text appears whole, in
// place; a refused fix leaves no trace.
func TestMergeEditsNeverInterleaves(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	src := []byte(strings.Repeat("abcdefghij", 10))
	for iter := range 2000 {
		var merged []Edit
		var accepted [][]Edit
		for fix := range 1 + rng.IntN(6) {
			var edits []Edit
			for k := range 1 + rng.IntN(3) {
				start := rng.IntN(len(src) + 1)
				end := min(len(src), start+rng.IntN(6))
				if rng.IntN(3) == 0 {
					end = start
				}
				edits = append(edits, Edit{start, end, fmt.Sprintf("<%d.%d>", fix, k)})
			}
			if own, ok := Merge(nil, edits); !ok || len(own) != len(edits) {
				continue // a fix's own edits never overlap
			}
			m, ok := Merge(merged, edits)
			if !ok {
				continue
			}
			if len(m) != len(merged)+len(edits) {
				t.Fatalf("iteration %d: merged %d+%d edits into %d", iter, len(merged), len(edits), len(m))
			}
			merged = m
			accepted = append(accepted, edits)
		}
		out := string(Apply(src, merged))

		// Walk the merged edits over the output: the untouched bytes
		// and each replacement text must come in order.
		rest, last := out, 0
		for _, e := range merged {
			if e.Start < last {
				t.Fatalf("iteration %d: edits out of order or overlapping: %v", iter, merged)
			}
			keep := string(src[last:e.Start])
			if !strings.HasPrefix(rest, keep) {
				t.Fatalf("iteration %d: original bytes %q lost in %q", iter, keep, out)
			}
			rest = rest[len(keep):]
			if !strings.HasPrefix(rest, e.Text) {
				t.Fatalf("iteration %d: edit %v interleaved in %q", iter, e, out)
			}
			rest = rest[len(e.Text):]
			last = e.End
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
