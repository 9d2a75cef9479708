// Package textedit holds the rules for text edits on a file's bytes:
// when two edits overlap, how a fix's edits merge with those already
// taken, and how sorted edits apply. The fixer's minimal edits
// (fixer/lines.go) are Edits; the migration driver
// (cmd/internal/migrate) merges and applies fixes by these rules, and
// the tests that apply fixes do so through them.
package textedit

import (
	"cmp"
	"slices"
)

// An Edit replaces src[Start:End] with Text.
type Edit struct {
	Start, End int
	Text       string
}

// Compare orders edits by start, then end.
func Compare(a, b Edit) int {
	return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
}

// Merge adds edits to prev, which is sorted and free of overlaps. Identical
// edits are kept once; insertions at the same offset are kept in
// order; any other overlap is a conflict, and Merge returns false.
func Merge(prev, edits []Edit) ([]Edit, bool) {
	out := slices.Clone(prev)
	for _, e := range edits {
		if slices.Contains(out, e) {
			continue
		}
		for _, o := range out {
			if Overlaps(o, e) {
				return nil, false
			}
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, Compare)
	return out, true
}

// Overlaps reports whether two edits touch the same bytes. Two
// insertions at one offset also overlap: their order would be a guess.
func Overlaps(a, b Edit) bool {
	if a.Start == a.End && b.Start == b.End {
		return a.Start == b.Start
	}
	return a.Start < b.End && b.Start < a.End ||
		a.Start == a.End && b.Start < a.Start && a.Start < b.End ||
		b.Start == b.End && a.Start < b.Start && b.Start < a.End
}

// Apply applies sorted, non-overlapping edits to src.
func Apply(src []byte, edits []Edit) []byte {
	out := make([]byte, 0, len(src)+256)
	last := 0
	for _, e := range edits {
		out = append(out, src[last:e.Start]...)
		out = append(out, e.Text...)
		last = e.End
	}
	return append(out, src[last:]...)
}
