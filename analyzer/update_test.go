package analyzer_test

import (
	"go/token"
	"os"
	"slices"
	"testing"

	"github.com/kafix/kafix/fixer/textedit"
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
// applies them; either way it checks the "// fix" comments
// (checkFixMessages).
func runWithFixes(t *testing.T, dir string, a *analysis.Analyzer, patterns ...string) []*analysistest.Result {
	t.Helper()
	if !updateGoldens {
		results := analysistest.RunWithSuggestedFixes(t, dir, a, patterns...)
		checkFixMessages(t, results)
		return results
	}
	results := analysistest.Run(t, dir, a, patterns...)
	checkFixMessages(t, results)
	edits := make(fileEdits)
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				edits.add(r.Pass.Fset, fix)
			}
		}
	}
	for name := range edits {
		if err := os.WriteFile(name+".golden", edits.apply(t, name), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s.golden", name)
	}
	return results
}

// fileEdits holds the edits of suggested fixes by file name, each
// distinct edit once.
type fileEdits map[string][]textedit.Edit

// add adds the edits of fix.
func (fe fileEdits) add(fset *token.FileSet, fix analysis.SuggestedFix) {
	for _, te := range fix.TextEdits {
		tf := fset.File(te.Pos)
		e := textedit.Edit{Start: tf.Offset(te.Pos), End: tf.Offset(te.End), Text: string(te.NewText)}
		if !slices.Contains(fe[tf.Name()], e) {
			fe[tf.Name()] = append(fe[tf.Name()], e)
		}
	}
}

// apply returns the file name as on disk with its edits applied, in
// order of offset, edits at one offset in the order they came; edits
// that overlap fail the test.
func (fe fileEdits) apply(t *testing.T, name string) []byte {
	t.Helper()
	edits := slices.Clone(fe[name])
	slices.SortStableFunc(edits, textedit.Compare)
	for i := 1; i < len(edits); i++ {
		if edits[i].Start < edits[i-1].End {
			t.Fatalf("%s: overlapping edits %v and %v", name, edits[i-1], edits[i])
		}
	}
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return textedit.Apply(src, edits)
}
