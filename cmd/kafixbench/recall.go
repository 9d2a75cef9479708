package main

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// kafixgen ends the line of every site it plants with
// "// kafixgen:site KIND" and of every negative with
// "// kafixgen:neg KIND".
var markerRE = regexp.MustCompile(`// kafixgen:(site|neg) (.+)$`)

// A finding line of kafix -check: file:line:col: message.
var findingRE = regexp.MustCompile(`^(.+?):(\d+):\d+: `)

// marker is one planted site or negative.
type marker struct {
	site bool
	kind string
}

// readMarkers returns the markers of the module in dir, by
// "slash/path.go:line".
func readMarkers(dir string) (map[string]marker, error) {
	marks := map[string]marker{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(dir, path)
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for line := 1; sc.Scan(); line++ {
			if m := markerRE.FindStringSubmatch(sc.Text()); m != nil {
				marks[fmt.Sprintf("%s:%d", filepath.ToSlash(rel), line)] = marker{m[1] == "site", m[2]}
			}
		}
		return sc.Err()
	})
	return marks, err
}

// recall is how kafix -check's findings match the markers.
type recall struct {
	planted, reported map[marker]int
	stray             []string // findings on no marker's line
}

func matchFindings(dir string, marks map[string]marker, findings io.Reader) (*recall, error) {
	r := &recall{planted: map[marker]int{}, reported: map[marker]int{}}
	for _, m := range marks {
		r.planted[m]++
	}
	seen := map[string]bool{}
	sc := bufio.NewScanner(findings)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		m := findingRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		file := m[1]
		if filepath.IsAbs(file) {
			if rel, err := filepath.Rel(dir, file); err == nil {
				file = rel
			}
		}
		loc := filepath.ToSlash(file) + ":" + m[2]
		mk, ok := marks[loc]
		switch {
		case !ok:
			r.stray = append(r.stray, sc.Text())
		case !seen[loc]:
			seen[loc] = true
			r.reported[mk]++
		}
	}
	return r, sc.Err()
}

// printRecall prints, by kind, how many planted sites kafix -check
// reported and how many negatives it wrongly reported.
func printRecall(w io.Writer, wl *workload) error {
	marks, err := readMarkers(wl.dir)
	if err != nil {
		return err
	}
	f, err := os.Open(wl.checkOutput)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := matchFindings(wl.dir, marks, f)
	if err != nil {
		return err
	}
	r.print(w)
	return nil
}

func (r *recall) print(w io.Writer) {
	var kinds []marker
	for m := range r.planted {
		kinds = append(kinds, m)
	}
	slices.SortFunc(kinds, func(a, b marker) int {
		if a.site != b.site {
			if a.site {
				return -1
			}
			return 1
		}
		return strings.Compare(a.kind, b.kind)
	})
	fmt.Fprintf(w, "\nFindings of the first `kafix -check` run against kafixgen's markers:\n\n| planted | kind | count | reported |\n|---|---|---|---|\n")
	for _, m := range kinds {
		what := "site"
		if !m.site {
			what = "negative"
		}
		note := ""
		if m.site && r.reported[m] < r.planted[m] {
			note = " (missed)"
		}
		if !m.site && r.reported[m] > 0 {
			note = " (false positives)"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %d%s |\n", what, m.kind, r.planted[m], r.reported[m], note)
	}
	if len(r.stray) > 0 {
		fmt.Fprintf(w, "\n%d findings on no marked line, e.g.:\n\n", len(r.stray))
		for _, s := range r.stray[:min(5, len(r.stray))] {
			fmt.Fprintf(w, "    %s\n", s)
		}
	}
}
