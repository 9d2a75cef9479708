package migrate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
	edits := []edit{
		{starts[2], starts[2], "inserted 1\ninserted 2\n"},      // insertion at a line start
		{starts[5], starts[6], "replaced 5\n"},                  // one line replaced
		{starts[20] + 2, starts[20] + 4, "XY"},                  // inside a line
		{starts[30], starts[32], ""},                            // two lines deleted
		{starts[39], len(orig), "last line, no newline at end"}, // the end of the file
	}
	want := applyEdits(orig, edits)
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
