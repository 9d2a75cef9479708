package fixer

import (
	"strings"
	"testing"

	"github.com/kafix/kafix/fixer/textedit"
)

// applyText applies sorted, non-overlapping edits to src.
func applyText(src string, edits []textedit.Edit) string {
	return string(textedit.Apply([]byte(src), edits))
}

// TestRegionEdits maps a rewrite of a declaration's printout back onto
// an original that the printer would lay out differently: the edits
// touch only the lines the rewrite changes, and the original's other
// lines survive byte for byte, even those the printer splits or
// reindents.
func TestRegionEdits(t *testing.T) {
	tests := []struct {
		name          string
		src           string // the original region
		before, after string // its printout, before and after the rewrite
		want          string // the original with the edits applied
	}{
		{
			name:   "a changed line",
			src:    "func f() {\n\tcall(1)\n}\n",
			before: "func f() {\n\tcall(1)\n}\n",
			after:  "func f() {\n\tcall(2)\n}\n",
			want:   "func f() {\n\tcall(2)\n}\n",
		},
		{
			name:   "an unformatted original keeps its other lines",
			src:    "func  f( ) {\n    a:=1\n      call( 1 )\n}\n",
			before: "func f() {\n\ta := 1\n\tcall(1)\n}\n",
			after:  "func f() {\n\ta := 1\n\tcall(1, x)\n}\n",
			want:   "func  f( ) {\n    a:=1\n\tcall(1, x)\n}\n",
		},
		{
			// The printer splits "a; b" into two lines, which match
			// no original line; the rewrite changes the second.
			name:   "a changed statement on a line the printer splits",
			src:    "func f() {\n\tc1 := d(1); c2 := d(2)\n\treturn\n}\n",
			before: "func f() {\n\tc1 := d(1)\n\tc2 := d(2)\n\treturn\n}\n",
			after:  "func f() {\n\tc1 := d(1)\n\tc2 := fixed(2)\n\treturn\n}\n",
			want:   "func f() {\n\tc1 := d(1)\n\tc2 := fixed(2)\n\treturn\n}\n",
		},
		{
			name:   "a split line that the rewrite does not change is kept",
			src:    "func f() {\n\ta := 1; b := 2\n\tcall(a, b)\n}\n",
			before: "func f() {\n\ta := 1\n\tb := 2\n\tcall(a, b)\n}\n",
			after:  "func f() {\n\ta := 1\n\tb := 2\n\tcall(a, b, c)\n}\n",
			want:   "func f() {\n\ta := 1; b := 2\n\tcall(a, b, c)\n}\n",
		},
		{
			name:   "insertions after a line and at the start",
			src:    "func f() {\n\tx()\n}\n",
			before: "func f() {\n\tx()\n}\n",
			after:  "// Doc.\nfunc f() {\n\tx()\n\ty()\n}\n",
			want:   "// Doc.\nfunc f() {\n\tx()\n\ty()\n}\n",
		},
		{
			name:   "CRLF: replaced and inserted lines end in CRLF",
			src:    "func f() {\r\n\tx()\r\n}\r\n",
			before: "func f() {\n\tx()\n}\n",
			after:  "func f() {\n\tx(1)\n\ty()\n}\n",
			want:   "func f() {\r\n\tx(1)\r\n\ty()\r\n}\r\n",
		},
		{
			// The changed import line matches no original line (the
			// original has the var on it too), so its run widens to
			// the anchors around it; but the alignment pairs the
			// printout's blank line with the original's first line, so
			// the package clause lies between those anchors in the
			// original and before them in the printout. Replacing the
			// original lines between the anchors would drop it: the
			// whole region is replaced instead.
			name:   "lines paired across the anchors",
			src:    "\npackage A\nimport \"net\"; var x = 1\n",
			before: "package A\n\nimport \"net\"\n\nvar x = 1\n",
			after:  "package A\n\nimport (\n\t\"net\"\n\t\"time\"\n)\n\nvar x = 1\n",
			want:   "package A\n\nimport (\n\t\"net\"\n\t\"time\"\n)\n\nvar x = 1\n",
		},
		{
			// Mapping the change onto the original's lines would give
			// code other than the rewrite's (here the original has a
			// second x() that the printout lacks): the whole region is
			// replaced, so the result is the rewrite's code.
			name:   "mapped edits that would not give the rewrite's code",
			src:    "func f() {\n\tx()\n\tx()\n}\n",
			before: "func f() {\n\tx()\n}\n",
			after:  "func f() {\n\ty()\n}\n",
			want:   "func f() {\n\ty()\n}\n",
		},
		{
			name:   "nothing changed",
			src:    "func  f() {x()}\n",
			before: "func f() { x() }\n",
			after:  "func f() { x() }\n",
			want:   "func  f() {x()}\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The region sits inside a larger file, which must not be
			// touched outside it.
			pre, post := "package p\n\n", "\nvar after = 1\n"
			if strings.Contains(tt.src, "\r\n") {
				pre, post = "package p\r\n\r\n", "\r\nvar after = 1\r\n"
			}
			src := pre + tt.src + post
			edits := regionEdits([]byte(src), len(pre), len(pre)+len(tt.src), []byte(tt.before), []byte(tt.after))
			last := len(pre)
			for _, e := range edits {
				if e.Start < last || e.End < e.Start || e.End > len(pre)+len(tt.src) {
					t.Fatalf("edits out of order or outside the region: %+v", edits)
				}
				last = e.End
			}
			if got, want := applyText(src, edits), pre+tt.want+post; got != want {
				t.Errorf("got\n%q\nwant\n%q\nedits %+v", got, want, edits)
			}
		})
	}
}

// TestRegionEditsOfTwoFixesConflict checks two rewrites of one import
// section that the printer lays out differently (import("net" on one
// line): one adds context and os, the other os alone. Their edits must
// conflict, so that a driver takes one of them, rather than apply
// together and import os twice, as FuzzFix found them doing when the
// second's insertion sat right after the lines the first replaced.
func TestRegionEditsOfTwoFixesConflict(t *testing.T) {
	src := "package A\nimport(\"net\"\n\"time\"\n)\n"
	before := "package A\n\nimport (\n\t\"net\"\n\t\"time\"\n)\n"
	one := regionEdits([]byte(src), 0, len(src), []byte(before), []byte("package A\n\nimport (\n\t\"context\"\n\t\"net\"\n\t\"os\"\n\t\"time\"\n)\n"))
	two := regionEdits([]byte(src), 0, len(src), []byte(before), []byte("package A\n\nimport (\n\t\"net\"\n\t\"os\"\n\t\"time\"\n)\n"))
	// As drivers see it: a shared edit is applied once; insertions at
	// one place, or an insertion inside a replacement, conflict; an
	// insertion where a replacement starts or ends does not.
	conflict := func(a, b textedit.Edit) bool {
		return a != b && textedit.Overlaps(a, b)
	}
	for _, a := range one {
		for _, b := range two {
			if conflict(a, b) {
				return
			}
		}
	}
	t.Errorf("the edits apply together:\n%+v\n%+v", one, two)
}

// TestRegionEditsOfTwoSitesOnOneLine checks two rewrites of one line,
// each of one of its two sites (two Dialer literals in one
// assignment): each rewrite's edits touch only the spans it changes,
// so that the two apply together and give both rewrites, where edits
// of whole lines would conflict.
func TestRegionEditsOfTwoSitesOnOneLine(t *testing.T) {
	src := "func f() {\n\ta, b := &net.Dialer{Timeout: 1}, &net.Dialer{Timeout: 2}\n\tuse(a, b)\n}\n"
	before := src
	first := "func f() {\n\ta, b := &net.Dialer{\n\t\tTimeout:   1,\n\t\tKeepAlive: 3,\n\t}, &net.Dialer{Timeout: 2}\n\tuse(a, b)\n}\n"
	second := "func f() {\n\ta, b := &net.Dialer{Timeout: 1}, &net.Dialer{\n\t\tTimeout:   2,\n\t\tKeepAlive: 3,\n\t}\n\tuse(a, b)\n}\n"
	both := "func f() {\n\ta, b := &net.Dialer{\n\t\tTimeout:   1,\n\t\tKeepAlive: 3,\n\t}, &net.Dialer{\n\t\tTimeout:   2,\n\t\tKeepAlive: 3,\n\t}\n\tuse(a, b)\n}\n"
	one := regionEdits([]byte(src), 0, len(src), []byte(before), []byte(first))
	two := regionEdits([]byte(src), 0, len(src), []byte(before), []byte(second))
	if got := applyText(src, one); got != first {
		t.Errorf("the first rewrite's edits give\n%s", got)
	}
	if got := applyText(src, two); got != second {
		t.Errorf("the second rewrite's edits give\n%s", got)
	}
	merged, ok := textedit.Merge(one, two)
	if !ok {
		t.Fatalf("the edits of the two rewrites conflict:\n%+v\n%+v", one, two)
	}
	if got := applyText(src, merged); got != both {
		t.Errorf("the two rewrites together give\n%s\nwant\n%s", got, both)
	}
}
