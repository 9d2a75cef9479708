package migrate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tempFiles lists the files in dir that writeFile's temporary files
// would leave behind.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var temps []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".kafix-") {
			temps = append(temps, e.Name())
		}
	}
	return temps
}

func writeTemp(t *testing.T, name, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // umask
		t.Fatal(err)
	}
	return path
}

func assertContent(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s = %q, want %q", path, got, want)
	}
}

// TestWriteFileKeepsModeAndLeavesNoTemp: a successful write replaces
// the contents, keeps the mode (0640 stays 0640, not the temporary
// file's 0600 nor the umask's 0644) and leaves no temporary file.
func TestWriteFileKeepsModeAndLeavesNoTemp(t *testing.T) {
	for _, mode := range []os.FileMode{0o640, 0o600, 0o755, 0o664} {
		path := writeTemp(t, "a.go", "old\n", mode)
		if err := writeFile(path, []byte("old\n"), []byte("new\n")); err != nil {
			t.Fatalf("mode %v: %v", mode, err)
		}
		assertContent(t, path, "new\n")
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != mode {
			t.Errorf("mode %v became %v", mode, info.Mode())
		}
		if temps := tempFiles(t, filepath.Dir(path)); len(temps) > 0 {
			t.Errorf("temporary files left: %v", temps)
		}
	}
}

// TestWriteFileFailedRenameLeavesNoTemp: when the last step, the
// exchange of names or the rename, fails, the original is intact and
// the temporary file, which did exist until then, is removed.
func TestWriteFileFailedRenameLeavesNoTemp(t *testing.T) {
	for _, withExchange := range []bool{true, false} {
		path := writeTemp(t, "a.go", "old\n", 0o644)
		var tmpSeen string
		fail := func(from, to string) error {
			tmpSeen = from
			if _, err := os.Stat(from); err != nil {
				t.Errorf("the temporary file does not exist before the rename: %v", err)
			}
			if data, _ := os.ReadFile(from); string(data) != "new\n" {
				t.Errorf("the temporary file holds %q", data)
			}
			return errors.New("injected rename failure")
		}
		if withExchange {
			exchange = fail
		} else {
			exchange = noExchange
			rename = fail
		}
		t.Cleanup(func() { rename, exchange = os.Rename, exchangeNames })

		err := writeFile(path, []byte("old\n"), []byte("new\n"))
		if err == nil || !strings.Contains(err.Error(), "injected rename failure") {
			t.Fatalf("exchange %v: writeFile = %v, want the rename's error", withExchange, err)
		}
		if tmpSeen == "" || filepath.Dir(tmpSeen) != filepath.Dir(path) {
			t.Errorf("temporary file %q, want one in %s", tmpSeen, filepath.Dir(path))
		}
		assertContent(t, path, "old\n")
		if temps := tempFiles(t, filepath.Dir(path)); len(temps) > 0 {
			t.Errorf("temporary files left after a failed write: %v", temps)
		}
	}
}

// noExchange stands for a system or file system that cannot exchange
// two names.
func noExchange(a, b string) error { return errNoExchange }

// TestWriteFileRefusesStaleContent: a file whose contents are no
// longer those that kafix loaded (the user saved it meanwhile) is not
// overwritten.
func TestWriteFileRefusesStaleContent(t *testing.T) {
	path := writeTemp(t, "a.go", "edited by the user\n", 0o644)
	err := writeFile(path, []byte("as kafix loaded it\n"), []byte("fixed\n"))
	if err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Fatalf("writeFile = %v, want a changed-on-disk error", err)
	}
	assertContent(t, path, "edited by the user\n")
	if temps := tempFiles(t, filepath.Dir(path)); len(temps) > 0 {
		t.Errorf("temporary files left: %v", temps)
	}
}

// TestWriteFileRefusesReadOnly: a read-only file is not replaced, even
// by root, who could.
func TestWriteFileRefusesReadOnly(t *testing.T) {
	path := writeTemp(t, "a.go", "old\n", 0o444)
	err := writeFile(path, []byte("old\n"), []byte("new\n"))
	if err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Fatalf("writeFile = %v, want a read-only error", err)
	}
	assertContent(t, path, "old\n")
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o444 {
		t.Errorf("mode became %v", info.Mode())
	}
	if temps := tempFiles(t, filepath.Dir(path)); len(temps) > 0 {
		t.Errorf("temporary files left: %v", temps)
	}
}

// TestWriteFileFollowsSymlink: writing through a link replaces the file
// it points to; the link stays a link.
func TestWriteFileFollowsSymlink(t *testing.T) {
	target := writeTemp(t, "real.go.txt", "old\n", 0o640)
	link := filepath.Join(t.TempDir(), "a.go")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if err := writeFile(link, []byte("old\n"), []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Lstat(link)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link became a %v", info.Mode())
	}
	assertContent(t, target, "new\n")
	if info, _ := os.Stat(target); info.Mode().Perm() != 0o640 {
		t.Errorf("the target's mode became %v", info.Mode())
	}
	for _, dir := range []string{filepath.Dir(link), filepath.Dir(target)} {
		if temps := tempFiles(t, dir); len(temps) > 0 {
			t.Errorf("temporary files left in %s: %v", dir, temps)
		}
	}
}

// TestWriteFileRefusesHardLinks: a file with a second name is not
// replaced, since the other name would keep the old contents.
func TestWriteFileRefusesHardLinks(t *testing.T) {
	path := writeTemp(t, "a.go", "old\n", 0o644)
	other := filepath.Join(t.TempDir(), "b.go")
	if err := os.Link(path, other); err != nil {
		t.Skip("no hard links:", err)
	}
	err := writeFile(path, []byte("old\n"), []byte("new\n"))
	if err == nil || !strings.Contains(err.Error(), "2 hard links") {
		t.Fatalf("writeFile = %v, want a hard-link error", err)
	}
	assertContent(t, path, "old\n")
	assertContent(t, other, "old\n")
}

// TestWriteFileKeepsEditSavedDuringWrite: a file that the user saves
// (or deletes) after kafix wrote and synced its temporary file, right
// before it replaces the file, keeps the user's version; kafix says it
// did not write it and leaves no temporary file.
func TestWriteFileKeepsEditSavedDuringWrite(t *testing.T) {
	for _, save := range []struct {
		how  string
		save func(path string) error
		want string // "" if the file must stay deleted
	}{
		{"in place", func(path string) error { return os.WriteFile(path, []byte("saved in place\n"), 0o644) }, "saved in place\n"},
		{"by rename", func(path string) error {
			tmp := path + ".swp"
			if err := os.WriteFile(tmp, []byte("saved by rename\n"), 0o644); err != nil {
				return err
			}
			return os.Rename(tmp, path)
		}, "saved by rename\n"},
		{"deleted", os.Remove, ""},
	} {
		for _, withExchange := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/exchange=%v", save.how, withExchange), func(t *testing.T) {
				if !withExchange {
					exchange = noExchange
					t.Cleanup(func() { exchange = exchangeNames })
				}
				path := writeTemp(t, "a.go", "old\n", 0o644)
				hooked := 0
				beforeReplace = func(target string) {
					hooked++
					if err := save.save(target); err != nil {
						t.Fatal(err)
					}
				}
				t.Cleanup(func() { beforeReplace = nil })
				err := writeFile(path, []byte("old\n"), []byte("new\n"))
				if hooked != 1 {
					t.Fatalf("the hook ran %d times, want 1", hooked)
				}
				if err == nil {
					t.Errorf("writeFile = nil, want an error saying the file changed")
				}
				if save.want == "" {
					if _, err := os.Lstat(path); !os.IsNotExist(err) {
						t.Errorf("the deleted file came back: %v", err)
					}
				} else {
					assertContent(t, path, save.want)
				}
				if temps := tempFiles(t, filepath.Dir(path)); len(temps) > 0 {
					t.Errorf("temporary files left: %v", temps)
				}
			})
		}
	}
}

// TestWriteFilesInPlaceWriteAfterExchange: a program that had a file
// open writes into it after kafix exchanged it for the new version
// (the write lands in the old file, now under the temporary name).
// kafix sees it in its last look and puts that file back, with the
// write, and the package's other file with it.
func TestWriteFilesInPlaceWriteAfterExchange(t *testing.T) {
	probe := writeTemp(t, "x", "x", 0o644)
	if err := exchangeNames(probe, writeTemp(t, "y", "y", 0o644)); errors.Is(err, errNoExchange) {
		t.Skip("no exchange of names here: kafix cannot see a write into the file it replaced")
	}
	a := writeTemp(t, "a.go", "old a\n", 0o644)
	b := filepath.Join(filepath.Dir(a), "b.go")
	if err := os.WriteFile(b, []byte("old b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	held, err := os.OpenFile(a, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	exchange = func(x, y string) error {
		if err := exchangeNames(x, y); err != nil {
			return err
		}
		if y == b {
			// a is replaced, b too: the editor writes into its open a.
			if _, err := held.WriteAt([]byte("new by the user\n"), 0); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	}
	t.Cleanup(func() { exchange = exchangeNames })
	failed, err := writeFiles([]*fileWrite{
		{name: a, loaded: []byte("old a\n"), content: []byte("fixed a\n")},
		{name: b, loaded: []byte("old b\n"), content: []byte("fixed b\n")},
	})
	if failed == nil || failed.name != a || !errors.Is(err, errChanged) {
		t.Fatalf("writeFiles = %v, %v; want a.go changed on disk", failed, err)
	}
	assertContent(t, a, "new by the user\n")
	assertContent(t, b, "old b\n")
	if temps := tempFiles(t, filepath.Dir(a)); len(temps) > 0 {
		t.Errorf("temporary files left: %v", temps)
	}
}
