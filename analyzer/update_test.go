package analyzer_test

import (
	"bytes"
	"fmt"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	fixEditsOf(results).write(t, ".golden")
	return results
}

// autoGolden ends the name of a file's golden under
// -user-timeout=auto, beside its .golden under the default policy:
// analysistest reads one .golden per file, and the packages whose
// shapes are checked under both policies (policyPackages) need two.
const autoGolden = ".auto.golden"

// policyPackages are the testdata packages whose fixes are checked
// under the default policy (.golden) and under -user-timeout=auto
// (.auto.golden), which adds the option setter and a Control function.
var policyPackages = []string{"dial", "listen", "conn", "connstyle", "control", "fdtaken", "tlssite", "rawtags"}

// runWithAutoFixes runs a, configured with -user-timeout=auto, on the
// packages, checks their // want comments, and compares each file that
// the fixes change, with every fix applied as runWithFixes applies
// them, with its .auto.golden, byte for byte; under updateGoldens it
// writes the .auto.golden instead. The "// fix" comments say what the
// default policy's fixes say, so they are not checked here.
func runWithAutoFixes(t *testing.T, dir string, a *analysis.Analyzer, patterns ...string) []*analysistest.Result {
	t.Helper()
	results := analysistest.Run(t, dir, a, patterns...)
	edits := fixEditsOf(results)
	if updateGoldens {
		edits.write(t, autoGolden)
		return results
	}
	for _, name := range slices.Sorted(maps.Keys(edits)) {
		want, err := os.ReadFile(name + autoGolden)
		if err != nil {
			t.Errorf("%s changed, but: %v", name, err)
			continue
		}
		if got := edits.apply(t, name); !bytes.Equal(got, want) {
			t.Errorf("%s: the fixes differ from %s%s: %s", name, filepath.Base(name), autoGolden, firstDifference(got, want))
		}
	}
	return results
}

// firstDifference describes the first line where got and want differ.
func firstDifference(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		gl, wl := "(end of file)", "(end of file)"
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n\tgot  %q\n\twant %q", i+1, gl, wl)
		}
	}
	return "no line differs"
}

// fileEdits holds the edits of suggested fixes by file name, each
// distinct edit once.
type fileEdits map[string][]textedit.Edit

// fixEditsOf returns the edits of every suggested fix of results.
func fixEditsOf(results []*analysistest.Result) fileEdits {
	edits := make(fileEdits)
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				edits.add(r.Pass.Fset, fix)
			}
		}
	}
	return edits
}

// write writes each file with its edits applied to the file's name
// followed by suffix.
func (fe fileEdits) write(t *testing.T, suffix string) {
	t.Helper()
	for name := range fe {
		if err := os.WriteFile(name+suffix, fe.apply(t, name), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s%s", name, suffix)
	}
}

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
