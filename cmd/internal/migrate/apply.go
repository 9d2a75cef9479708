package migrate

import (
	"bytes"
	"fmt"
	"maps"
	"path/filepath"
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

// writeChanges writes the changed files, a package at a time: the
// files of one directory, with those that a fix edits together with
// them and those that are one file under two names (symbolic links),
// are written all or none (writeFiles). Each real file is written
// once, whatever names the packages know it by; two packages that
// want different contents for it are both refused. SIGINT or SIGTERM
// stops the writing between two packages (catchSignals).
func (r *runner) writeChanges(changes map[string]*change, names []string) {
	groups := r.writeGroups(changes, names)
	cleaned := make(map[string]bool)
	for _, group := range groups {
		if sig := r.stoppedBy(); sig != nil {
			reason := fmt.Errorf("kafix was stopped by %v before it wrote this package", sig)
			for _, name := range group {
				r.summary.fileFailed(name, reason)
				r.summary.leaveAll(changes[name].findings, fmt.Sprintf("%s not written: %v", r.display(name), reason))
			}
			continue
		}
		for _, name := range group {
			r.removeStaleTemps(name, cleaned)
		}
		r.writeGroup(changes, group)
	}
}

// writeGroups splits the names of the changes to write into the
// groups that writeChanges writes all or none, in the order of their
// first names.
func (r *runner) writeGroups(changes map[string]*change, names []string) [][]string {
	var together unionFind
	var written []string
	for _, name := range names {
		if changes[name].after == nil {
			continue // refused by verify
		}
		written = append(written, name)
		together.union(name, "fix:"+r.links.find(name))
		together.union(name, "dir:"+filepath.Dir(name))
		if real, err := filepath.EvalSymlinks(name); err == nil {
			together.union(name, "file:"+real)
			together.union(name, "dir:"+filepath.Dir(real))
		}
	}
	index := make(map[string]int)
	var groups [][]string
	for _, name := range written {
		root := together.find(name)
		i, ok := index[root]
		if !ok {
			i = len(groups)
			index[root] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], name)
	}
	return groups
}

// writeGroup writes the changed files group all or none, and counts
// them in the summary.
func (r *runner) writeGroup(changes map[string]*change, group []string) {
	writes, err := r.realFiles(changes, group)
	if err == nil {
		for _, name := range group {
			if r.beforeWrite != nil {
				r.beforeWrite(name)
			}
		}
		var bad *fileWrite
		bad, err = writeFiles(writes)
		if bad != nil {
			r.summary.fileFailed(bad.name, err)
			err = fmt.Errorf("%s not written: %v", r.display(bad.name), err)
		}
	}
	if err != nil {
		for _, name := range group {
			if _, ok := r.summary.unwritten[name]; !ok {
				r.summary.fileFailed(name, fmt.Errorf("another file of its package was not written (%v)", err))
			}
			r.summary.leaveAll(changes[name].findings, err.Error())
		}
		return
	}
	for _, w := range writes {
		r.progress("wrote %s", r.display(w.name))
		r.summary.written++
	}
	for _, name := range group {
		r.summary.fix(changes[name].findings)
	}
}

// realFiles returns the files to write for the changes of group, one
// for each real file whatever names group knows it by, or why group
// must not be written: two of its names are one file that their fixes
// change differently.
func (r *runner) realFiles(changes map[string]*change, group []string) ([]*fileWrite, error) {
	byReal := make(map[string]*fileWrite)
	var writes []*fileWrite
	for _, name := range group {
		ch := changes[name]
		real, err := filepath.EvalSymlinks(name)
		if err != nil {
			real = name // writeFiles says why it cannot be written
		}
		if w := byReal[real]; w != nil {
			if !bytes.Equal(w.content, ch.after) || !bytes.Equal(w.loaded, ch.before) {
				return nil, fmt.Errorf("%s and %s are one file (a symbolic link), which the fixes of their packages change differently", r.display(w.name), r.display(name))
			}
			continue
		}
		w := &fileWrite{name: name, loaded: ch.before, content: ch.after}
		byReal[real] = w
		writes = append(writes, w)
	}
	return writes, nil
}

// removeStaleTemps removes, once per directory, the temporary files
// that earlier runs that died left in the directory of name.
func (r *runner) removeStaleTemps(name string, done map[string]bool) {
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return
	}
	dir := filepath.Dir(real)
	if done[dir] {
		return
	}
	done[dir] = true
	for _, tmp := range removeStaleTemps(dir) {
		r.progress("removed %s, a temporary file that an earlier run left", r.display(tmp))
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
		if why := notUsersCode(f.pkg, name, r.goDirs(), r.moduleMode(r.roots)); why != "" {
			r.summary.leave(f, fmt.Sprintf("%s not written: %s", r.display(name), why))
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
