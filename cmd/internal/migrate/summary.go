package migrate

import (
	"fmt"
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
	leftFor   map[string]int    // reason -> sites left for it
	skipped   map[string]string // package -> why it was skipped
	unwritten map[string]string // file -> why it was not written
}

func (s *summary) leave(f *finding, reason string) {
	if s.leftFor == nil {
		s.leftFor = make(map[string]int)
	}
	s.leftFor[reason]++
}

func (s *summary) leaveAll(fs []*finding, reason string) {
	for _, f := range fs {
		s.leave(f, reason)
	}
}

func (s *summary) left() int {
	n := 0
	for _, c := range s.leftFor {
		n += c
	}
	return n
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
	s.unwritten[name] = err.Error()
}

// failed reports whether something was skipped because of an error.
func (s *summary) failed() bool { return len(s.skipped) > 0 || len(s.unwritten) > 0 }

func (s *summary) print(opts Options, elapsed time.Duration) {
	w := opts.Stderr
	for _, pkg := range sortedKeys(s.skipped) {
		fmt.Fprintf(w, "kafix: skipped package %s: %s\n", pkg, s.skipped[pkg])
	}
	for _, name := range sortedKeys(s.unwritten) {
		fmt.Fprintf(w, "kafix: %s not written: %s\n", name, s.unwritten[name])
	}
	for _, reason := range sortedKeys(s.leftFor) {
		fmt.Fprintf(w, "kafix: %d left: %s\n", s.leftFor[reason], reason)
	}
	var parts []string
	parts = append(parts, fmt.Sprintf("%d sites found", s.found))
	switch {
	case opts.Check || opts.JSON:
	case opts.Diff:
		parts = append(parts, fmt.Sprintf("%d fixable", s.fixed), fmt.Sprintf("%d left", s.left()), fmt.Sprintf("%d files differ", s.diffs))
	default:
		parts = append(parts, fmt.Sprintf("%d fixed", s.fixed), fmt.Sprintf("%d left", s.left()), fmt.Sprintf("%d files written", s.written))
	}
	if len(s.skipped) > 0 {
		parts = append(parts, fmt.Sprintf("%d packages skipped", len(s.skipped)))
	}
	if opts.Verbose || !(opts.Check || opts.JSON) {
		fmt.Fprintf(w, "kafix: %s (%.1fs)\n", strings.Join(parts, ", "), elapsed.Seconds())
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
