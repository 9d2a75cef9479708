package fixer

import (
	"bytes"
	"go/scanner"
	"go/token"
	"strings"
	"unicode/utf8"

	"github.com/kafix/kafix/fixer/lcs"
	"github.com/kafix/kafix/fixer/textedit"
)

// This file reduces a rewrite to the lines it changes. The fixer
// prints a declaration twice, before the rewrite (with go/printer,
// which prints an unedited declaration exactly as dst does) and after
// it (with dst), and compares the two printouts line by line; each changed run of
// lines is then mapped back onto the original source through the
// lines that the original and the first printout share. A file that
// was not gofmt'd thus gets edits only where the fix changes code.

// maxAlignCells bounds the line alignment's table; larger regions
// are replaced whole.
const maxAlignCells = 4 << 20

// line is one line of a text: its content without the line ending,
// and its byte range including the ending.
type line struct {
	text       string
	start, end int
}

func splitLines(src []byte, base int) []line {
	var lines []line
	for off := 0; off < len(src); {
		i := bytes.IndexByte(src[off:], '\n')
		end := len(src)
		if i >= 0 {
			end = off + i + 1
		}
		text := strings.TrimRight(string(src[off:end]), "\r\n")
		lines = append(lines, line{text: text, start: base + off, end: base + end})
		off = end
	}
	return lines
}

// regionEdits returns the edits that turn src[start:end], whose
// printout is before, into the printout after: lineEdits, each narrowed
// to the spans that change (spanEdits).
func regionEdits(src []byte, start, end int, before, after []byte) []textedit.Edit {
	var edits []textedit.Edit
	for _, e := range lineEdits(src, start, end, before, after) {
		edits = append(edits, spanEdits(src, e)...)
	}
	return edits
}

// lineEdits returns the edits, each of whole lines, that turn
// src[start:end], whose printout is before, into the printout after.
//
// Each run of lines that the rewrite changed is mapped onto the
// original lines that its printout lines match. Where that is not
// possible, because the printer laid those lines out differently (two
// statements on one line, in a file that was not gofmt'd), the run
// widens to the nearest lines on both sides that the rewrite kept and
// that match original lines (anchors), and the original lines between
// those are replaced, provided that they are the same code as the
// printout's lines between the anchors; else the whole region is. Runs
// of lines that the rewrite did not change are never touched, however
// the original lays them out.
func lineEdits(src []byte, start, end int, before, after []byte) []textedit.Edit {
	eol := "\n"
	if bytes.Contains(src[start:end], []byte("\r\n")) {
		eol = "\r\n"
	}
	orig := splitLines(src[start:end], start)
	old := splitLines(before, 0)
	new := splitLines(after, 0)
	whole := []textedit.Edit{{Start: start, End: end, Text: joinLines(new, eol)}}

	toOrig, ok := alignLines(old, orig)
	if !ok {
		return whole
	}
	pairs, ok := commonLines(old, new)
	if !ok {
		return whole
	}
	pairs = append(pairs, [2]int{len(old), len(new)}) // the end, as a kept line
	// An anchor is a kept line (pairs[p]) that is the original line
	// orig[at]; the region's ends are anchors too.
	type anchor struct{ p, at int }
	anchors := []anchor{{-1, -1}}
	for p, pair := range pairs[:len(pairs)-1] {
		if at := toOrig[pair[0]]; at >= 0 {
			anchors = append(anchors, anchor{p, at})
		}
	}
	anchors = append(anchors, anchor{len(pairs) - 1, len(orig)})

	var edits []textedit.Edit
	for i := 1; i < len(anchors); i++ {
		a, b := anchors[i-1], anchors[i]
		// The hunks between a and b: the runs between kept lines.
		var hunks []textedit.Edit
		mapped := true
		oi, ni := 0, 0
		if a.p >= 0 {
			oi, ni = pairs[a.p][0]+1, pairs[a.p][1]+1
		}
		for _, pair := range pairs[a.p+1 : b.p+1] {
			if oi < pair[0] || ni < pair[1] {
				e, ok := mapHunk(orig, toOrig, oi, pair[0], new[ni:pair[1]], eol)
				if !ok {
					mapped = false
					break
				}
				hunks = append(hunks, e)
			}
			oi, ni = pair[0]+1, pair[1]+1
		}
		if mapped {
			edits = append(edits, hunks...)
			continue
		}
		from, to := start, end
		if a.at >= 0 {
			from = orig[a.at].end
		}
		if b.at < len(orig) {
			to = orig[b.at].start
		}
		o0, o1 := 0, pairs[b.p][0]
		n0, n1 := 0, pairs[b.p][1]
		if a.p >= 0 {
			o0, n0 = pairs[a.p][0]+1, pairs[a.p][1]+1
		}
		// The original lines between the anchors must be the
		// printout's, laid out differently; if the alignment paired
		// lines across them, replacing them could drop a line.
		if !sameTokens(src[from:to], []byte(joinLines(old[o0:o1], "\n"))) {
			return whole
		}
		edits = append(edits, textedit.Edit{Start: from, End: to, Text: joinLines(new[n0:n1], eol)})
	}
	// Last, the edited original must be the rewrite's code, token for
	// token: a line that the alignment matched with the wrong one of
	// two identical lines would put an edit in the wrong place.
	if !sameCode(applyRegion(src, start, end, edits), after) {
		return whole
	}
	return edits
}

// spanEdits narrows e, which replaces whole lines of src, to the spans
// of those lines that change: the tokens that the new text drops,
// adds or changes, and the blanks between tokens that it lays out
// differently. Two fixes of one line, one per site, then touch
// different spans and apply together. Where the texts do not scan, or
// their alignment would cost too much, e stays as it is.
func spanEdits(src []byte, e textedit.Edit) []textedit.Edit {
	if e.Start == e.End || e.Text == "" {
		return []textedit.Edit{e}
	}
	old, new := src[e.Start:e.End], []byte(e.Text)
	a, okA := spanTokens(old)
	b, okB := spanTokens(new)
	if !okA || !okB {
		return []textedit.Edit{e}
	}
	pairs, ok := lcs.Pairs(len(a), len(b), func(i, j int) bool {
		return bytes.Equal(old[a[i].start:a[i].end], new[b[j].start:b[j].end])
	}, maxAlignCells)
	if !ok {
		return []textedit.Edit{e}
	}
	// Between two consecutive kept tokens (and before the first and
	// after the last), the old bytes give way to the new ones where
	// they differ.
	var out []textedit.Edit
	oldFrom, newFrom := 0, 0
	gap := func(oldTo, newTo int) {
		if !bytes.Equal(old[oldFrom:oldTo], new[newFrom:newTo]) {
			out = append(out, awayFromEnds(src, e, trimmedEdit(old[oldFrom:oldTo], new[newFrom:newTo], e.Start+oldFrom)))
		}
	}
	for _, p := range pairs {
		ta, tb := a[p[0]], b[p[1]]
		gap(ta.start, tb.start)
		oldFrom, newFrom = ta.end, tb.end
	}
	gap(len(old), len(new))
	// The narrowed edits must make the very text of e.
	if string(textedit.Apply(src[:e.End], out)[e.Start:]) != e.Text {
		return []textedit.Edit{e}
	}
	return out
}

// awayFromEnds widens t, an edit inside e, where it is an insertion at
// e's start or end, to replace the character next to it as well: those
// are line boundaries, where other fixes insert whole lines (a
// declaration after the imports), and two insertions at one offset
// conflict, where an insertion next to a replacement does not.
func awayFromEnds(src []byte, e, t textedit.Edit) textedit.Edit {
	switch {
	case t.Start != t.End:
	case t.Start == e.End && e.End > e.Start:
		_, size := utf8.DecodeLastRune(src[e.Start:e.End])
		t.Start -= size
		t.Text = string(src[t.Start:t.End]) + t.Text
	case t.Start == e.Start && e.End > e.Start:
		_, size := utf8.DecodeRune(src[e.Start:e.End])
		t.End += size
		t.Text += string(src[t.Start:t.End])
	}
	return t
}

// trimmedEdit is the edit that replaces old, at offset at, with new,
// without the bytes that both begin or end with.
func trimmedEdit(old, new []byte, at int) textedit.Edit {
	pre := 0
	for pre < len(old) && pre < len(new) && old[pre] == new[pre] {
		pre++
	}
	suf := 0
	for suf < len(old)-pre && suf < len(new)-pre && old[len(old)-1-suf] == new[len(new)-1-suf] {
		suf++
	}
	return textedit.Edit{Start: at + pre, End: at + len(old) - suf, Text: string(new[pre : len(new)-suf])}
}

// A span is the byte range of one token in a text.
type span struct{ start, end int }

// spanTokens returns the byte ranges of the tokens and comments of
// src, semicolons aside (they are layout, as in sameTokens). It
// reports false if src does not scan, or if a token's text is not its
// bytes (a carriage return that the scanner drops).
func spanTokens(src []byte) ([]span, bool) {
	ok := true
	file := token.NewFileSet().AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, func(token.Position, string) { ok = false }, scanner.ScanComments)
	var out []span
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out, ok
		}
		if tok == token.SEMICOLON {
			continue
		}
		start := file.Offset(pos)
		text := lit
		if text == "" {
			text = tok.String()
		}
		end := start + len(text)
		if end > len(src) || string(src[start:end]) != text {
			return nil, false
		}
		out = append(out, span{start, end})
	}
}

// applyRegion applies edits, sorted and inside src[start:end], to that
// region.
func applyRegion(src []byte, start, end int, edits []textedit.Edit) []byte {
	return textedit.Apply(src[:end], edits)[start:]
}

// sameTokens reports whether two pieces of Go source are the same
// tokens and comments, whatever their layout; semicolons, written or
// implied by line ends, are layout. A piece that does not scan (it
// starts inside a raw string or a comment) is never the same.
func sameTokens(a, b []byte) bool {
	return sameTokenStream(a, b, scanner.ScanComments)
}

// sameCode is sameTokens without the comments, which the printer may
// move.
func sameCode(a, b []byte) bool {
	return sameTokenStream(a, b, 0)
}

// sameTokenStream scans a and b side by side, so that a difference
// stops the comparison and nothing is kept.
func sameTokenStream(a, b []byte, mode scanner.Mode) bool {
	ta, tb := newTokenStream(a, mode), newTokenStream(b, mode)
	for {
		tokA, litA := ta.next()
		tokB, litB := tb.next()
		if tokA != tokB || litA != litB {
			return false
		}
		if tokA == token.EOF {
			return ta.ok && tb.ok
		}
	}
}

// A tokenStream yields the tokens of a piece of Go source that matter
// for sameTokenStream.
type tokenStream struct {
	s  scanner.Scanner
	ok bool // no scanning error so far
}

func newTokenStream(src []byte, mode scanner.Mode) *tokenStream {
	t := &tokenStream{ok: true}
	file := token.NewFileSet().AddFile("", -1, len(src))
	t.s.Init(file, src, func(token.Position, string) { t.ok = false }, mode)
	return t
}

// next returns the next token other than a semicolon, with its
// literal; a comment loses its trailing blanks.
func (t *tokenStream) next() (token.Token, string) {
	for {
		_, tok, lit := t.s.Scan()
		switch tok {
		case token.SEMICOLON:
			continue
		case token.COMMENT:
			lit = strings.TrimRight(lit, " \t\r")
		}
		return tok, lit
	}
}

// mapHunk maps the printout's lines [oi, oj), replaced by new, onto
// the original lines, if they match consecutive original lines (or,
// for an insertion, if its neighbours match consecutive ones).
func mapHunk(orig []line, toOrig []int, oi, oj int, new []line, eol string) (textedit.Edit, bool) {
	text := joinLines(new, eol)
	if oi == oj { // an insertion: between the original lines that its neighbours are
		// Next to original lines that the printout does not match,
		// which another fix of the file may replace whole (two fixes'
		// imports, of import("net" on one line), an insertion would
		// join that fix where the two should conflict: it widens to
		// a replacement of those lines as well.
		prev, next := -1, len(orig) // the region's ends
		if oi > 0 {
			prev = toOrig[oi-1]
		}
		if oi < len(toOrig) {
			next = toOrig[oi]
		}
		switch {
		case oi > 0 && prev < 0, oi < len(toOrig) && next < 0, next != prev+1:
			return textedit.Edit{}, false
		case prev >= 0:
			return textedit.Edit{Start: orig[prev].end, End: orig[prev].end, Text: text}, true
		case next < len(orig):
			return textedit.Edit{Start: orig[next].start, End: orig[next].start, Text: text}, true
		}
		return textedit.Edit{}, false
	}
	first := toOrig[oi]
	if first < 0 {
		return textedit.Edit{}, false
	}
	for k := oi; k < oj; k++ {
		if toOrig[k] != first+(k-oi) {
			return textedit.Edit{}, false
		}
	}
	return textedit.Edit{Start: orig[first].start, End: orig[first+(oj-oi)-1].end, Text: text}, true
}

// alignLines maps each line of printed to the original line with the
// same text, in order, or -1.
func alignLines(printed, orig []line) ([]int, bool) {
	pairs, ok := lcs.Pairs(len(printed), len(orig), func(i, j int) bool {
		return printed[i].text == orig[j].text || squeeze(printed[i].text) == squeeze(orig[j].text)
	}, maxAlignCells)
	if !ok {
		return nil, false
	}
	m := make([]int, len(printed))
	for i := range m {
		m[i] = -1
	}
	for _, p := range pairs {
		m[p[0]] = p[1]
	}
	return m, true
}

// commonLines pairs the lines of a and b that a longest common
// subsequence of their texts holds.
func commonLines(a, b []line) ([][2]int, bool) {
	return lcs.Pairs(len(a), len(b), func(i, j int) bool { return a[i].text == b[j].text }, maxAlignCells)
}

func joinLines(lines []line, eol string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.text)
		b.WriteString(eol)
	}
	return b.String()
}

// squeeze drops the blanks of a line, so that a line of an unformatted
// file still matches its printout.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, s)
}
