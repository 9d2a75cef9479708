package migrate

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"golang.org/x/tools/go/packages"
)

// An edit replaces baseline[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// A change is what the fixes do to one file.
type change struct {
	name     string
	edits    []edit // sorted, not overlapping
	findings []*finding
	before   []byte
	after    []byte
}

// applyFixes merges the first fix of every finding, checks that each
// changed package still parses and type-checks, and prints the diff
// (-diff) or writes the files.
func (r *runner) applyFixes(findings []*finding) {
	changes := make(map[string]*change)
	for _, f := range findings {
		r.mergeFix(changes, f)
	}
	names := slices.Sorted(maps.Keys(changes))

	for _, name := range names {
		ch := changes[name]
		ch.before = r.sources[name]
		ch.after = applyEdits(ch.before, ch.edits)
	}
	r.verify(changes)

	for _, name := range names {
		ch := changes[name]
		if ch.after == nil {
			continue // refused by verify
		}
		if r.opts.Diff {
			r.summary.diffs++
			fmt.Fprint(r.opts.Stdout, unifiedDiff(display(name), ch.before, ch.edits))
			r.summary.fixed += len(ch.findings)
			continue
		}
		if err := writeFile(name, ch.before, ch.after); err != nil {
			r.summary.leaveAll(ch.findings, fmt.Sprintf("%s not written: %v", name, err))
			r.summary.fileFailed(name, err)
			continue
		}
		r.progress("wrote %s", name)
		r.summary.written++
		r.summary.fixed += len(ch.findings)
	}
}

// mergeFix adds f's fix to changes, all of it or nothing: a fix whose
// edits overlap edits already taken (other than the very same edit,
// such as an import two fixes add) is refused, never interleaved.
func (r *runner) mergeFix(changes map[string]*change, f *finding) {
	if len(f.diag.SuggestedFixes) == 0 {
		r.summary.leave(f, "no automatic fix")
		return
	}
	byFile := make(map[string][]edit)
	for _, te := range f.diag.SuggestedFixes[0].TextEdits {
		tf := f.fset.File(te.Pos)
		if tf == nil {
			r.summary.leave(f, "the fix has an edit outside any file")
			return
		}
		name := tf.Name()
		if _, ok := r.sources[name]; !ok || !ownsFile(f.pkg, name) {
			r.summary.leave(f, fmt.Sprintf("the fix edits %s, outside the packages named", name))
			return
		}
		end := te.End
		if !end.IsValid() {
			end = te.Pos
		}
		byFile[name] = append(byFile[name], edit{tf.Offset(te.Pos), tf.Offset(end), string(te.NewText)})
	}

	merged := make(map[string][]edit)
	for name, edits := range byFile {
		var prev []edit
		if ch := changes[name]; ch != nil {
			prev = ch.edits
		}
		m, ok := mergeEdits(prev, edits)
		if !ok {
			r.summary.leave(f, "its fix conflicts with another fix in "+name+"; run kafix again")
			return
		}
		merged[name] = m
	}
	for name, edits := range merged {
		ch := changes[name]
		if ch == nil {
			ch = &change{name: name}
			changes[name] = ch
		}
		ch.edits = edits
	}
	// A fix that spans files is counted with the first one.
	if len(byFile) > 0 {
		first := slices.Min(slices.Collect(maps.Keys(byFile)))
		changes[first].findings = append(changes[first].findings, f)
	}
}

// ownsFile reports whether name is one of p's own files.
func ownsFile(p *packages.Package, name string) bool {
	return slices.Contains(p.CompiledGoFiles, name) || slices.Contains(p.GoFiles, name)
}

// mergeEdits adds edits to prev, which is sorted and free of
// overlaps. Identical edits are kept once; insertions at the same
// offset are kept in order; any other overlap is a conflict.
func mergeEdits(prev, edits []edit) ([]edit, bool) {
	out := slices.Clone(prev)
	for _, e := range edits {
		if slices.Contains(out, e) {
			continue
		}
		for _, o := range out {
			if overlaps(o, e) {
				return nil, false
			}
		}
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b edit) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
	})
	return out, true
}

// overlaps reports whether two edits touch the same bytes. Two
// insertions at one offset also overlap: their order would be a guess.
func overlaps(a, b edit) bool {
	if a.start == a.end && b.start == b.end {
		return a.start == b.start
	}
	return a.start < b.end && b.start < a.end ||
		a.start == a.end && b.start < a.start && a.start < b.end ||
		b.start == b.end && a.start < b.start && b.start < a.end
}

// applyEdits applies sorted, non-overlapping edits to src.
func applyEdits(src []byte, edits []edit) []byte {
	out := make([]byte, 0, len(src)+256)
	last := 0
	for _, e := range edits {
		out = append(out, src[last:e.start]...)
		out = append(out, e.text...)
		last = e.end
	}
	return append(out, src[last:]...)
}
