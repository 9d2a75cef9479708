package migrate

import (
	"bytes"
	"fmt"
	"strings"
)

// diffContext is the number of unchanged lines around each hunk.
const diffContext = 3

// unifiedDiff prints the unified diff that edits make to src. The
// edits are sorted and do not overlap; each is widened to whole lines
// and nearby ones share a hunk.
func unifiedDiff(name string, src []byte, edits []edit) string {
	lines := lineStarts(src)
	type hunk struct{ first, last int } // line indexes, inclusive
	var hunks []hunk
	for _, e := range edits {
		first := lineOf(lines, e.start)
		last := lineOf(lines, max(e.start, e.end-1))
		if e.end > e.start && e.end == lines[last] {
			last--
		}
		last = max(last, first)
		if n := len(hunks); n > 0 && first-hunks[n-1].last <= 2*diffContext {
			hunks[n-1].last = max(hunks[n-1].last, last)
			continue
		}
		hunks = append(hunks, hunk{first, last})
	}

	var b strings.Builder
	fmt.Fprintf(&b, "--- %s\n+++ %s\n", name, name)
	for _, h := range hunks {
		first := max(0, h.first-diffContext)
		last := min(len(lines)-1, h.last+diffContext)
		from, to := lines[first], lineEnd(src, lines, last)
		old := src[from:to]
		var applied []edit
		for _, e := range edits {
			if e.start >= from && e.end <= to {
				applied = append(applied, edit{e.start - from, e.end - from, e.text})
			}
		}
		new := applyEdits(old, applied)
		oldLines, newLines := splitLines(old), splitLines(new)
		fmt.Fprintf(&b, "@@ -%d,%d +%d,%d @@\n", first+1, len(oldLines), first+1, len(newLines))
		writeLineDiff(&b, oldLines, newLines)
	}
	return b.String()
}

// writeLineDiff writes old and new as context, removed and added
// lines: the common prefix and suffix are context, the rest changes.
func writeLineDiff(b *strings.Builder, old, new []string) {
	pre := 0
	for pre < len(old) && pre < len(new) && old[pre] == new[pre] {
		pre++
	}
	suf := 0
	for suf < len(old)-pre && suf < len(new)-pre && old[len(old)-1-suf] == new[len(new)-1-suf] {
		suf++
	}
	for _, l := range old[:pre] {
		b.WriteString(" " + l)
	}
	for _, l := range old[pre : len(old)-suf] {
		b.WriteString("-" + l)
	}
	for _, l := range new[pre : len(new)-suf] {
		b.WriteString("+" + l)
	}
	for _, l := range old[len(old)-suf:] {
		b.WriteString(" " + l)
	}
}

func splitLines(s []byte) []string {
	var out []string
	for len(s) > 0 {
		i := bytes.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, string(s)+"\n\\ No newline at end of file\n")
			break
		}
		out = append(out, string(s[:i+1]))
		s = s[i+1:]
	}
	return out
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func lineOf(starts []int, off int) int {
	lo, hi := 0, len(starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

func lineEnd(src []byte, starts []int, line int) int {
	if line+1 < len(starts) {
		return starts[line+1]
	}
	return len(src)
}
