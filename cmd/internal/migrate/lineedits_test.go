package migrate

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kafix/kafix/fixer/textedit"
)

// TestLineEdits: the edits that lineEdits finds between two texts turn
// the first into the second, are sorted, do not overlap, and replace
// whole lines only; lines common to both stay outside them.
func TestLineEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"a\n", "b\n", "c\n", "\n", "import (\n", ")\n", "x", "y\r\n"}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(words[rng.IntN(len(words))])
		}
		return b.String()
	}
	for iter := range 5000 {
		a := text()
		b := a
		switch rng.IntN(3) {
		case 0:
			b = text()
		case 1: // a few lines changed
			lines := strings.SplitAfter(a, "\n")
			for range 1 + rng.IntN(2) {
				k := rng.IntN(len(lines))
				lines[k] = words[rng.IntN(len(words))] + lines[k]
			}
			b = strings.Join(lines, "")
		}
		edits := lineEdits([]byte(a), []byte(b))
		if got := string(textedit.Apply([]byte(a), edits)); got != b {
			t.Fatalf("iteration %d: %q -> %q: edits %+v give %q", iter, a, b, edits, got)
		}
		last := 0
		for _, e := range edits {
			if e.Start < last || e.End < e.Start {
				t.Fatalf("iteration %d: edits out of order: %+v", iter, edits)
			}
			if e.Start > 0 && a[e.Start-1] != '\n' || e.End > 0 && e.End < len(a) && a[e.End-1] != '\n' {
				t.Fatalf("iteration %d: edit %+v of %q is not whole lines", iter, e, a)
			}
			last = e.End
		}
		if a == b && len(edits) != 0 {
			t.Fatalf("iteration %d: edits %+v for equal texts", iter, edits)
		}
	}
}
