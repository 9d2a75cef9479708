package migrate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafix/kafix/fixer/textedit"
)

// TestUnifiedDiffApplies checks the diff against patch(1)'s reading of
// it: applying it to the original gives the edited file.
func TestUnifiedDiffApplies(t *testing.T) {
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("no patch command")
	}
	var src strings.Builder
	for i := range 40 {
		src.WriteString("line " + string(rune('a'+i%26)) + "\n")
	}
	orig := []byte(src.String())
	starts := lineStarts(orig)
	edits := []textedit.Edit{
		{Start: starts[2], End: starts[2], Text: "inserted 1\ninserted 2\n"},      // insertion at a line start
		{Start: starts[5], End: starts[6], Text: "replaced 5\n"},                  // one line replaced
		{Start: starts[20] + 2, End: starts[20] + 4, Text: "XY"},                  // inside a line
		{Start: starts[30], End: starts[32], Text: ""},                            // two lines deleted
		{Start: starts[39], End: len(orig), Text: "last line, no newline at end"}, // the end of the file
	}
	want := textedit.Apply(orig, edits)
	diff := unifiedDiff("f.txt", orig, edits)

	dir := t.TempDir()
	name := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(name, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("patch", "-s", name)
	cmd.Stdin = strings.NewReader(diff)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s\n%s", err, out, diff)
	}
	got, _ := os.ReadFile(name)
	if string(got) != string(want) {
		t.Errorf("patched file differs:\n%s\nwant:\n%s\ndiff:\n%s", got, want, diff)
	}
}
