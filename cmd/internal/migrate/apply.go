package migrate

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kafix/kafix/fixer/textedit"
	"golang.org/x/tools/go/packages"
)

// A change is what the fixes do to one file.
type change struct {
	name     string
	edits    []textedit.Edit // sorted, not overlapping
	findings []*finding
	before   []byte
	after    []byte
}

// plan merges the first fix of every finding of a pass and checks
// that each changed package still parses and type-checks. A change
// that does not has a nil after.
func (r *runner) plan(findings []*finding) map[string]*change {
	changes := make(map[string]*change)
	for _, f := range findings {
		r.mergeFix(changes, f)
	}
	for name, ch := range changes {
		ch.before = r.sources[name]
		ch.after = textedit.Apply(ch.before, ch.edits)
	}
	r.verify(changes)
	return changes
}

// accept adds the changes of a pass to the run's result, whose before
// is each file as it was on disk. It reports whether there were any.
func (r *runner) accept(changes map[string]*change) bool {
	any := false
	for name, ch := range changes {
		if ch.after == nil {
			continue // refused by verify
		}
		fc := r.final[name]
		if fc == nil {
			fc = &change{name: name, before: r.disk[name]}
			r.final[name] = fc
		}
		if fc.after == nil && bytes.Equal(ch.before, fc.before) {
			fc.edits = ch.edits
		} else {
			fc.edits = nil // not relative to the file on disk: diffed by lines
		}
		fc.after = ch.after
		fc.findings = append(fc.findings, ch.findings...)
		any = true
	}
	return any
}

// output prints the diff of the run's changes (-diff) or writes them.
func (r *runner) output() {
	names := slices.Sorted(maps.Keys(r.final))
	if !r.opts.Diff {
		r.writeChanges(r.final, names)
		return
	}
	for _, name := range names {
		ch := r.final[name]
		edits := ch.edits
		if edits == nil {
			edits = lineEdits(ch.before, ch.after)
		}
		r.summary.diffs++
		fmt.Fprint(r.opts.Stdout, unifiedDiff(r.display(name), ch.before, edits))
		r.summary.fix(ch.findings)
	}
}

// writeChanges writes the changed files. The files that one fix edits
// are written together or not at all: they are all checked before
// any is written, so that a read-only file or one changed on disk
// never leaves half a fix behind.
func (r *runner) writeChanges(changes map[string]*change, names []string) {
	groups := make(map[string][]string)
	var order []string
	for _, name := range names {
		if changes[name].after == nil {
			continue // refused by verify
		}
		root := r.links.find(name)
		if _, ok := groups[root]; !ok {
			order = append(order, root)
		}
		groups[root] = append(groups[root], name)
	}
	for _, root := range order {
		group := groups[root]
		var failed error
		for _, name := range group {
			if _, _, err := checkWritable(name, changes[name].before); err != nil {
				failed = fmt.Errorf("%s not written: %v", r.display(name), err)
				r.summary.fileFailed(name, err)
				break
			}
		}
		for _, name := range group {
			ch := changes[name]
			if failed == nil {
				if r.beforeWrite != nil {
					r.beforeWrite(name)
				}
				if err := writeFile(name, ch.before, ch.after); err != nil {
					r.summary.fileFailed(name, err)
					r.summary.leaveAll(ch.findings, fmt.Sprintf("%s not written: %v", r.display(name), err))
					continue
				}
				r.progress("wrote %s", r.display(name))
				r.summary.written++
				r.summary.fix(ch.findings)
				continue
			}
			if _, ok := r.summary.unwritten[name]; !ok {
				r.summary.fileFailed(name, fmt.Errorf("a fix also edits a file that cannot be written (%v)", failed))
			}
			r.summary.leaveAll(ch.findings, failed.Error())
		}
	}
}

// mergeFix adds f's fix to changes, all of it or nothing: a fix whose
// edits overlap edits already taken (other than the very same edit,
// such as an import two fixes add) is refused, never interleaved, and
// so is a fix that edits a file that cannot be written.
func (r *runner) mergeFix(changes map[string]*change, f *finding) {
	if len(f.diag.SuggestedFixes) == 0 {
		reason := "no automatic fix"
		if i := strings.Index(f.diag.Message, "no automatic fix: "); i >= 0 {
			reason = f.diag.Message[i:]
		}
		r.summary.leave(f, reason)
		return
	}
	byFile := make(map[string][]textedit.Edit)
	for _, te := range f.diag.SuggestedFixes[0].TextEdits {
		tf := f.fset.File(te.Pos)
		if tf == nil {
			r.summary.leave(f, "the fix has an edit outside any file")
			return
		}
		name := tf.Name()
		if _, ok := r.sources[name]; !ok || !ownsFile(f.pkg, name) {
			r.summary.leave(f, fmt.Sprintf("the fix edits %s, outside the packages named", r.display(name)))
			return
		}
		end := te.End
		if !end.IsValid() {
			end = te.Pos
		}
		start, stop := tf.Offset(te.Pos), tf.Offset(end)
		if stop < start {
			r.summary.leave(f, "the fix has an edit that ends before it starts")
			return
		}
		byFile[name] = append(byFile[name], textedit.Edit{Start: start, End: stop, Text: string(te.NewText)})
	}
	files := slices.Sorted(maps.Keys(byFile))

	if !r.opts.Diff {
		for _, name := range files {
			if err := r.writable(name); err != nil {
				r.summary.fileFailed(name, err)
				r.summary.leave(f, fmt.Sprintf("%s not written: %v", r.display(name), err))
				return
			}
		}
	}

	merged := make(map[string][]textedit.Edit)
	for _, name := range files {
		var prev []textedit.Edit
		if ch := changes[name]; ch != nil {
			prev = ch.edits
		}
		m, ok := textedit.Merge(prev, byFile[name])
		if !ok {
			r.summary.conflict(f, "its fix conflicts with another fix in "+r.display(name)+"; run kafix again")
			return
		}
		merged[name] = m
	}
	f.edits = byFile
	for name, edits := range merged {
		ch := changes[name]
		if ch == nil {
			ch = &change{name: name}
			changes[name] = ch
		}
		ch.edits = edits
	}
	// A fix that spans files is counted with the first one, and its
	// files are written together.
	if len(files) > 0 {
		changes[files[0]].findings = append(changes[files[0]].findings, f)
		for _, name := range files[1:] {
			r.links.union(files[0], name)
		}
	}
}

// writable reports, once per file, why the file cannot be written, or
// nil.
func (r *runner) writable(name string) error {
	if r.unwritable == nil {
		r.unwritable = make(map[string]error)
	}
	err, ok := r.unwritable[name]
	if !ok {
		_, _, err = checkWritable(name, r.disk[name])
		r.unwritable[name] = err
	}
	return err
}

// unionFind groups file names.
type unionFind map[string]string

func (u *unionFind) find(name string) string {
	if *u == nil {
		*u = make(unionFind)
	}
	for {
		parent, ok := (*u)[name]
		if !ok || parent == name {
			return name
		}
		name = parent
	}
}

func (u *unionFind) union(a, b string) {
	ra, rb := u.find(a), u.find(b)
	if ra != rb {
		(*u)[max(ra, rb)] = min(ra, rb)
	}
}

// ownsFile reports whether name is one of p's own files.
func ownsFile(p *packages.Package, name string) bool {
	return slices.Contains(p.CompiledGoFiles, name) || slices.Contains(p.GoFiles, name)
}
