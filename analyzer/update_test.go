package analyzer_test

import (
	"bytes"
	"cmp"
	"os"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// updateGoldens makes the golden tests write their .golden files
// instead of comparing them: KAFIX_UPDATE_GOLDENS=1 go test ./analyzer.
// The // want comments are still checked; read the goldens' diff
// before committing it.
var updateGoldens = os.Getenv("KAFIX_UPDATE_GOLDENS") != ""

// runWithFixes is analysistest.RunWithSuggestedFixes, or under
// updateGoldens analysistest.Run followed by writing each changed
// file's .golden with every fix applied, as RunWithSuggestedFixes
// applies them.
func runWithFixes(t *testing.T, dir string, a *analysis.Analyzer, patterns ...string) []*analysistest.Result {
	t.Helper()
	if !updateGoldens {
		return analysistest.RunWithSuggestedFixes(t, dir, a, patterns...)
	}
	results := analysistest.Run(t, dir, a, patterns...)
	type edit struct {
		start, end int
		text       string
	}
	byFile := make(map[string][]edit)
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				for _, te := range fix.TextEdits {
					tf := r.Pass.Fset.File(te.Pos)
					e := edit{tf.Offset(te.Pos), tf.Offset(te.End), string(te.NewText)}
					if !slices.Contains(byFile[tf.Name()], e) {
						byFile[tf.Name()] = append(byFile[tf.Name()], e)
					}
				}
			}
		}
	}
	for name, edits := range byFile {
		slices.SortStableFunc(edits, func(a, b edit) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end)) })
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		last := 0
		for _, e := range edits {
			if e.start < last {
				t.Fatalf("%s: overlapping edits at offset %d", name, e.start)
			}
			out.Write(src[last:e.start])
			out.WriteString(e.text)
			last = e.end
		}
		out.Write(src[last:])
		if err := os.WriteFile(name+".golden", out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s.golden", name)
	}
	return results
}
