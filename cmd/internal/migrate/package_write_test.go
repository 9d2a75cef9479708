package migrate

// Tests of what a run writes when something happens while it writes:
// a file saved or deleted between kafix's temporary file and the
// rename, a failure in the middle of a package, a signal, a file that
// two packages share. They set package-level hooks, so they do not
// run in parallel.

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kafix/kafix/cmd/internal/testmodule"
)

// hookBeforeReplace sets beforeReplace for the rest of the test.
func hookBeforeReplace(t *testing.T, hook func(target string)) {
	t.Helper()
	beforeReplace = hook
	t.Cleanup(func() { beforeReplace = nil })
}

// TestRunKeepsEditSavedBeforeRename: a file that the user saves after
// kafix has written and synced its temporary file, right before the
// rename, keeps the user's edit; one deleted then stays deleted. The
// run says it did not write it and exits 2.
func TestRunKeepsEditSavedBeforeRename(t *testing.T) {
	for _, deleted := range []bool{false, true} {
		dir := testmodule.Write(t, map[string]string{"a/a.go": testmodule.Dial("a"), "b/b.go": testmodule.Dial("b")})
		a := filepath.Join(dir, "a", "a.go")
		userEdit := "// Saved by the user while kafix ran.\n" + testmodule.Dial("a")
		hookBeforeReplace(t, func(target string) {
			if filepath.Base(target) != "a.go" {
				return
			}
			if temps := tempFiles(t, filepath.Dir(a)); len(temps) != 1 {
				t.Errorf("temporary files before the rename: %v, want kafix's one", temps)
			}
			var err error
			if deleted {
				err = os.Remove(a)
			} else {
				err = os.WriteFile(a, []byte(userEdit), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		})
		code, stderr := migrate(t, dir, Options{}, nil)
		if deleted {
			if _, err := os.Lstat(a); !os.IsNotExist(err) {
				t.Errorf("the deleted a/a.go came back: %v", err)
			}
			stderrHas(t, stderr, "kafix: a/a.go not written: the file was deleted since kafix loaded it\n")
		} else {
			assertContent(t, a, userEdit)
			stderrHas(t, stderr, "kafix: a/a.go not written: the file changed on disk since kafix loaded it\n")
		}
		testmodule.Fixed(t, filepath.Join(dir, "b", "b.go"), 1)
		if code != ExitSkipped {
			t.Errorf("exit status %d, want %d", code, ExitSkipped)
		}
		stderrHas(t, stderr, "1 file written")
		safeNoTemps(t, dir)
	}
}

// TestRunPackageAllOrNone: the two files of package p are fixed by
// separate fixes; when the second cannot be replaced (saved by the
// user meanwhile, or the disk fails), the first, already replaced, is
// put back: the package is written whole or not at all. Package q is
// still fixed.
func TestRunPackageAllOrNone(t *testing.T) {
	for _, fault := range []string{"saved", "disk full"} {
		files := map[string]string{"p/a.go": testmodule.Dial("p"), "p/b.go": strings.Replace(testmodule.Dial("p"), "Dial(", "DialB(", 1), "q/q.go": testmodule.Dial("q")}
		dir := testmodule.Write(t, files)
		b := filepath.Join(dir, "p", "b.go")
		userEdit := "// Saved by the user while kafix ran.\n" + files["p/b.go"]
		replaced := 0
		if fault == "saved" {
			hookBeforeReplace(t, func(target string) {
				if target == b {
					os.WriteFile(b, []byte(userEdit), 0o644)
				}
			})
		} else {
			exchange = func(from, to string) error {
				if to == b {
					return &os.LinkError{Op: "exchange", Old: from, New: to, Err: syscall.ENOSPC}
				}
				replaced++
				return exchangeNames(from, to)
			}
			t.Cleanup(func() { exchange = exchangeNames })
		}
		code, stderr := migrate(t, dir, Options{}, nil)
		safeSame(t, filepath.Join(dir, "p", "a.go"), files["p/a.go"])
		if fault == "saved" {
			safeSame(t, b, userEdit)
			stderrHas(t, stderr, "kafix: p/b.go not written: the file changed on disk since kafix loaded it\n")
		} else {
			safeSame(t, b, files["p/b.go"])
			stderrHas(t, stderr, "kafix: p/b.go not written: replacing the file: no space left on device\n")
			if replaced < 2 {
				t.Errorf("%d exchanges besides b.go's, want a.go's and the one that put it back", replaced)
			}
		}
		stderrHas(t, stderr, "kafix: p/a.go not written: another file of its package was not written (p/b.go not written: ")
		testmodule.Fixed(t, filepath.Join(dir, "q", "q.go"), 1)
		if code != ExitSkipped {
			t.Errorf("%s: exit status %d, want %d", fault, code, ExitSkipped)
		}
		safeNoTemps(t, dir)
		goVet(t, dir)
	}
}
