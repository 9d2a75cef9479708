package migrate

import (
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kafix/kafix/cmd/internal/testmodule"
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

// TestDiffNamesPatchReads: kafix -diff on files whose names hold a
// space, a tab, a double quote or a backslash prints headers that
// patch(1) reads back whole: applied to a copy of the module, the diff
// gives what kafix writes.
func TestDiffNamesPatchReads(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("patch"); err != nil {
		t.Skip("no patch command")
	}
	names := []string{"x y.go", "t\tz.go", `q"uote.go`, `back\slash.go`, "plain.go"}
	files := make(map[string]string)
	for i, name := range names {
		files[name] = strings.Replace(testmodule.Dial("m"), "func Dial(", fmt.Sprintf("func Dial%d(", i), 1)
	}
	dir := testmodule.Write(t, files)
	copyDir := testmodule.Write(t, maps.Clone(files))
	code, diff, _ := safeKafix(t, dir, "-diff", "./...")
	if code != ExitDiff {
		t.Fatalf("kafix -diff: exit status %d, want %d", code, ExitDiff)
	}
	for _, want := range []string{"--- x y.go\t\n", "--- \"t\\tz.go\"\n", "--- \"q\\\"uote.go\"\n", "--- \"back\\\\slash.go\"\n", "--- plain.go\n"} {
		if !strings.Contains(diff, want) {
			t.Errorf("the diff lacks the header %q", want)
		}
	}
	cmd := exec.Command("patch", "-p0", "-s", "--batch")
	cmd.Dir = copyDir
	cmd.Stdin = strings.NewReader(diff)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("patch: %v\n%s", err, out)
	}
	if code, _, _ := safeKafix(t, dir, "./..."); code != ExitOK {
		t.Fatalf("kafix: exit status %d, want 0", code)
	}
	for _, name := range names {
		safeSame(t, filepath.Join(copyDir, name), testmodule.Read(t, filepath.Join(dir, name)))
	}
}
