package migrate

import (
	"cmp"
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
)

// summary counts what a run did, for the closing report.
type summary struct {
	found     int
	fixed     int
	written   int
	diffs     int
	refused   int               // fixes refused because the package would not compile with them
	applied   []leftSite        // sites fixed (or under -diff, fixable) in full, with their fix's message
	partly    []leftSite        // sites fixed short of the policy in force, with why
	left      []leftSite        // sites found but not fixed, with why
	skipped   map[string]string // package -> why it was skipped
	unwritten map[string]string // file -> why it was not written
	// otherSystems are the files of the named packages with socket
	// code that build only for other systems, and those systems
	// (othersystems.go).
	otherSystems map[string][]string
	// cgoFiles and taggedFiles are the files of the named packages with
	// socket code that use cgo, and those that build only with build
	// tags, with the tags (hiddenfiles.go).
	cgoFiles    map[string]bool
	taggedFiles map[string][]string
	// directives are the directives that the analyzer reported (one
	// without a reason silences nothing), with its message.
	directives []leftSite

	display func(name string) string // how file names are shown
}

// A leftSite is a site that the run found and did not fix.
type leftSite struct {
	posn     token.Position
	reason   string
	conflict bool // its fix conflicts with another: another pass may fix it
}

// fix counts the sites whose fixes were applied (or, under -diff,
// shown): fixed if the fix meets the policy in force, else partly
// fixed, with the reason.
func (s *summary) fix(fs []*finding) {
	for _, f := range fs {
		if f.partial != "" {
			s.partly = append(s.partly, leftSite{posn: f.posn, reason: f.partial})
			continue
		}
		s.fixed++
		s.applied = append(s.applied, leftSite{posn: f.posn, reason: f.fix})
	}
}

// describe counts the sites of a report-only run (-check, -json) as
// -diff counts those it shows: fixable when the analyzer worked out a
// fix that meets the policy in force, partly fixable when its fix falls
// short of it, left when there is none. Unlike -diff, it does not
// compile the fixes.
func (s *summary) describe(fs []*finding) {
	for _, f := range fs {
		switch {
		case f.fix == "":
			s.left = append(s.left, leftSite{posn: f.posn})
		case f.partial != "":
			s.partly = append(s.partly, leftSite{posn: f.posn, reason: f.partial})
		default:
			s.fixed++
		}
	}
}

// directive notes the directives that the analyzer reported.
func (s *summary) directive(fs []*finding) {
	for _, f := range fs {
		s.directives = append(s.directives, leftSite{posn: f.posn, reason: f.diag.Message})
	}
}

func (s *summary) leave(f *finding, reason string) {
	s.left = append(s.left, leftSite{posn: f.posn, reason: reason})
}

// refuse leaves f because its fix would not compile, which is an
// error: the exit status says so.
func (s *summary) refuse(f *finding, reason string) {
	s.refused++
	s.leave(f, reason)
}

// conflict leaves f because its fix conflicts with another one.
func (s *summary) conflict(f *finding, reason string) {
	s.left = append(s.left, leftSite{posn: f.posn, reason: reason, conflict: true})
}

// conflicted returns the directories of the files with sites left
// because of a conflict.
func (s *summary) conflicted() []string {
	var dirs []string
	for _, l := range s.left {
		if l.conflict {
			dirs = append(dirs, filepath.Dir(l.posn.Filename))
		}
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

// forget drops what the summary says about the sites and files in
// dirs, which another pass analyzes again.
func (s *summary) forget(dirs []string) {
	in := func(name string) bool {
		_, ok := slices.BinarySearch(dirs, filepath.Dir(name))
		return ok
	}
	s.left = slices.DeleteFunc(s.left, func(l leftSite) bool { return in(l.posn.Filename) })
	for name := range s.unwritten {
		if in(name) {
			delete(s.unwritten, name)
		}
	}
}

func (s *summary) leaveAll(fs []*finding, reason string) {
	for _, f := range fs {
		s.leave(f, reason)
	}
}

func (s *summary) skipPackage(pkg, why string) {
	if s.skipped == nil {
		s.skipped = make(map[string]string)
	}
	if _, ok := s.skipped[pkg]; !ok {
		s.skipped[pkg] = why
	}
}

func (s *summary) fileFailed(name string, err error) {
	if s.unwritten == nil {
		s.unwritten = make(map[string]string)
	}
	if _, ok := s.unwritten[name]; !ok {
		s.unwritten[name] = err.Error()
	}
}

// failed reports whether something was skipped because of an error.
func (s *summary) failed() bool {
	return len(s.skipped) > 0 || len(s.unwritten) > 0 || s.refused > 0
}

// print writes the closing report on opts.Stderr: the packages
// skipped, the files not written, with -v each site fixed with what
// its fix sets, then the sites partly fixed and left, each with its
// reason, and the directives reported, then one line of totals.
// -check and -json list no site or directive, their findings are
// their report; -check ends with the totals, as -diff does, -json only
// with -v, since its output is for programs.
func (s *summary) print(opts Options, elapsed time.Duration) {
	w := opts.Stderr
	display := s.display
	if display == nil {
		display = func(name string) string { return name }
	}
	for _, pkg := range sortedKeys(s.skipped) {
		fmt.Fprintf(w, "kafix: skipped package %s: %s\n", pkg, s.skipped[pkg])
	}
	for _, name := range sortedKeys(s.unwritten) {
		fmt.Fprintf(w, "kafix: %s not written: %s\n", display(name), s.unwritten[name])
	}
	reportOnly := opts.Check || opts.JSON
	var applied []leftSite
	if opts.Verbose {
		applied = s.applied
	}
	appliedLabel := "fixed"
	if opts.Diff {
		appliedLabel = "fixable"
	}
	for _, group := range []struct {
		label string
		sites []leftSite
	}{{appliedLabel, applied}, {"partly fixed", s.partly}, {"left", s.left}, {"", s.directives}} {
		if reportOnly {
			break
		}
		slices.SortStableFunc(group.sites, func(a, b leftSite) int {
			return cmp.Or(cmp.Compare(a.posn.Filename, b.posn.Filename), cmp.Compare(a.posn.Offset, b.posn.Offset))
		})
		label := group.label
		if label != "" {
			label += " "
		}
		for _, l := range group.sites {
			posn := l.posn
			posn.Filename = display(posn.Filename)
			fmt.Fprintf(w, "kafix: %s%s: %s\n", label, posn, l.reason)
		}
	}
	if line := s.otherSystemsLine(display); line != "" {
		fmt.Fprint(w, line)
	}
	fmt.Fprint(w, s.hiddenFilesLines(display))
	parts := []string{plural(s.found, "site") + " found"}
	// "partly fixed" only when some are: most runs have none.
	fixed := func(word string) []string {
		out := []string{fmt.Sprintf("%d %s", s.fixed, word)}
		if len(s.partly) > 0 {
			out = append(out, fmt.Sprintf("%d partly %s", len(s.partly), word))
		}
		return append(out, fmt.Sprintf("%d left", len(s.left)))
	}
	switch {
	case reportOnly:
		parts = append(parts, fixed("fixable")...)
	case opts.Diff:
		differ := " differ"
		if s.diffs == 1 {
			differ = " differs"
		}
		parts = append(append(parts, fixed("fixable")...), plural(s.diffs, "file")+differ)
	default:
		parts = append(append(parts, fixed("fixed")...), plural(s.written, "file")+" written")
	}
	if len(s.directives) > 0 {
		parts = append(parts, plural(len(s.directives), "directive")+" without a reason")
	}
	if len(s.skipped) > 0 {
		parts = append(parts, plural(len(s.skipped), "package")+" skipped")
	}
	if opts.Verbose || !opts.JSON {
		fmt.Fprintf(w, "kafix: %s (%.1fs)\n", strings.Join(parts, ", "), elapsed.Seconds())
	}
}

// plural is "1 site", "2 sites".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, noun[:len(noun)-1])
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
