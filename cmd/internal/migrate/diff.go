package migrate

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/kafix/kafix/fixer/lcs"
	"github.com/kafix/kafix/fixer/textedit"
)

// diffContext is the number of unchanged lines around each hunk.
const diffContext = 3

// A lineEdit is an edit widened to whole lines: it replaces the lines
// [first, last) of the source with the lines of text.
type lineEdit struct {
	first, last int // line indexes; first == last for a pure insertion
	old, new    []string
}

// unifiedDiff prints the unified diff that edits make to src. The
// edits are sorted and do not overlap; each is widened to whole lines,
// and those less than 2*diffContext lines apart share a hunk.
func unifiedDiff(name string, src []byte, edits []textedit.Edit) string {
	starts := lineStarts(src)
	srcLines := splitLines(src)

	// Widen each edit to the lines it touches; edits that touch the
	// same line are widened together.
	var les []lineEdit
	for i := 0; i < len(edits); {
		from, to := widen(src, starts, edits[i])
		j := i + 1
		for j < len(edits) {
			f2, t2 := widen(src, starts, edits[j])
			if f2 >= to && !(f2 == to && t2 == to && to > from) {
				break
			}
			to = max(to, t2)
			j++
		}
		var local []textedit.Edit
		for _, e := range edits[i:j] {
			local = append(local, textedit.Edit{Start: e.Start - from, End: e.End - from, Text: e.Text})
		}
		old := splitLines(src[from:to])
		first := lineOf(starts, from)
		les = append(les, lineEdit{
			first: first,
			last:  first + len(old),
			old:   old,
			new:   splitLines(textedit.Apply(src[from:to], local)),
		})
		i = j
	}

	var b strings.Builder
	header := diffHeaderName(name)
	fmt.Fprintf(&b, "--- %s\n+++ %s\n", header, header)
	delta := 0 // lines added so far, less lines removed
	for i := 0; i < len(les); {
		j := i + 1
		for j < len(les) && les[j].first-les[j-1].last <= 2*diffContext {
			j++
		}
		delta = writeHunk(&b, srcLines, les[i:j], delta)
		i = j
	}
	return b.String()
}

// diffHeaderName writes a file name for the ---/+++ lines as git
// does, so that patch(1) reads it back whole: a name with a double
// quote, a backslash or a control character (a tab, a newline) is
// quoted, with C escapes; a name with a space ends with a tab, which
// tells patch where the name ends.
func diffHeaderName(name string) string {
	if strings.ContainsFunc(name, func(c rune) bool { return c == '"' || c == '\\' || c < ' ' || c == 0x7f }) {
		var b strings.Builder
		b.WriteByte('"')
		for i := 0; i < len(name); i++ {
			switch c := name[i]; c {
			case '"', '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case '\a':
				b.WriteString(`\a`)
			case '\b':
				b.WriteString(`\b`)
			case '\t':
				b.WriteString(`\t`)
			case '\n':
				b.WriteString(`\n`)
			case '\v':
				b.WriteString(`\v`)
			case '\f':
				b.WriteString(`\f`)
			case '\r':
				b.WriteString(`\r`)
			default:
				if c < ' ' || c == 0x7f {
					fmt.Fprintf(&b, `\%03o`, c)
				} else {
					b.WriteByte(c)
				}
			}
		}
		b.WriteByte('"')
		return b.String()
	}
	if strings.Contains(name, " ") {
		return name + "\t"
	}
	return name
}

// widen returns the byte range of the whole lines that e touches. An
// insertion at the start of a line touches no line.
func widen(src []byte, starts []int, e textedit.Edit) (from, to int) {
	from = starts[lineOf(starts, e.Start)]
	if e.Start == from && e.End == from {
		return from, from
	}
	if e.End > e.Start && (e.End == len(src) || starts[lineOf(starts, e.End)] == e.End) {
		return from, e.End
	}
	return from, lineEnd(src, starts, lineOf(starts, e.End))
}

// writeHunk writes one hunk made of the line edits les, whose new
// lines are shifted by delta, and returns the shift after it.
func writeHunk(b *strings.Builder, src []string, les []lineEdit, delta int) int {
	first := max(0, les[0].first-diffContext)
	last := min(len(src), les[len(les)-1].last+diffContext)
	var body strings.Builder
	oldN, newN := 0, 0
	at := first
	for _, le := range les {
		for ; at < le.first; at++ {
			body.WriteString(" " + src[at])
			oldN++
			newN++
		}
		for _, l := range le.old {
			body.WriteString("-" + l)
		}
		for _, l := range le.new {
			body.WriteString("+" + l)
		}
		oldN += len(le.old)
		newN += len(le.new)
		at = le.last
	}
	for ; at < last; at++ {
		body.WriteString(" " + src[at])
		oldN++
		newN++
	}
	fmt.Fprintf(b, "@@ -%d,%d +%d,%d @@\n", first+1, oldN, first+1+delta, newN)
	b.WriteString(body.String())
	return delta + newN - oldN
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
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf is the index of the line that holds offset off.
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

// maxLineDiffCells bounds lineEdits's table; a larger middle is
// replaced whole.
const maxLineDiffCells = 1 << 22

// lineEdits returns edits of whole lines that turn a into b: the
// lines outside a longest common subsequence of their lines. It serves
// a file that several passes changed, whose edits are not relative to
// the file on disk. Past maxLineDiffCells, the lines between the common
// prefix and suffix are replaced whole.
func lineEdits(a, b []byte) []textedit.Edit {
	as, bs := lineStarts(a), lineStarts(b)
	line := func(src []byte, starts []int, i int) string {
		return string(src[starts[i]:lineEnd(src, starts, i)])
	}
	// The last start is the end of the text when it ends in a newline.
	n, m := len(as), len(bs)
	if as[n-1] == len(a) {
		n--
	}
	if bs[m-1] == len(b) {
		m--
	}
	off := func(src []byte, starts []int, i int) int {
		if i < len(starts) {
			return starts[i]
		}
		return len(src)
	}
	pairs, _ := lcs.Pairs(n, m, func(i, j int) bool { return line(a, as, i) == line(b, bs, j) }, maxLineDiffCells)
	pairs = append(pairs, [2]int{n, m}) // the end, as a common line
	// Each run of lines between two common ones is an edit.
	var edits []textedit.Edit
	i, j := 0, 0
	for _, p := range pairs {
		if i < p[0] || j < p[1] {
			edits = append(edits, textedit.Edit{Start: off(a, as, i), End: off(a, as, p[0]), Text: string(b[off(b, bs, j):off(b, bs, p[1])])})
		}
		i, j = p[0]+1, p[1]+1
	}
	return edits
}
