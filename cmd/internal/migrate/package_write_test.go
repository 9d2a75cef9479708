package migrate

// Tests of what a run writes when something happens while it writes:
// a file saved or deleted between kafix's temporary file and the
// rename, a failure in the middle of a package, a signal, a file that
// two packages share. They set package-level hooks, so they do not
// run in parallel.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/cmd/internal/testmodule"
	"github.com/kafix/kafix/fixer"
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

// TestRunSharedFileWrittenOnce: b/dial.go is a symbolic link to
// a/dial.go, so packages a and b share one file. Fixed alike, it is
// written once, stays a link, and both packages build. When b's fix
// differs (under -user-timeout, whose fix declares the option setter,
// b already declares tcpOptions, so its setter gets another name),
// writing either version would break the other package: both are
// refused, with the reason, and nothing is written.
func TestRunSharedFileWrittenOnce(t *testing.T) {
	for _, differ := range []bool{false, true} {
		files := map[string]string{"a/dial.go": testmodule.Dial("shared")}
		if differ {
			files["b/other.go"] = "package shared\n\nconst tcpOptions = 1\n"
		}
		dir := testmodule.Write(t, files)
		link := filepath.Join(dir, "b", "dial.go")
		os.MkdirAll(filepath.Dir(link), 0o755)
		if err := os.Symlink(filepath.Join("..", "a", "dial.go"), link); err != nil {
			t.Skip("no symbolic links:", err)
		}
		cfg := analyzer.DefaultConfig()
		cfg.Policy.UserTimeout = fixer.UserTimeoutAuto
		code, stderr := migrateWith(t, dir, analyzer.New(cfg, analyzer.DeferFixes()), Options{}, nil)
		if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Errorf("b/dial.go is no longer a link: %v", err)
		}
		if differ {
			safeSame(t, filepath.Join(dir, "a", "dial.go"), files["a/dial.go"])
			stderrHas(t, stderr, "a/dial.go and b/dial.go are one file (a symbolic link), which the fixes of their packages change differently", "0 files written")
			if code != ExitSkipped {
				t.Errorf("exit status %d, want %d", code, ExitSkipped)
			}
		} else {
			testmodule.Fixed(t, filepath.Join(dir, "a", "dial.go"), 1)
			stderrHas(t, stderr, "2 sites found, 2 fixed, 0 left, 1 file written")
			if code != ExitOK {
				t.Errorf("exit status %d, want %d", code, ExitOK)
			}
		}
		safeNoTemps(t, dir)
		goVet(t, dir)
	}
}

// TestRunRemovesStaleTemps: a temporary file that a kafix run that
// died left in a directory that this run writes is removed; one of a
// live process, and files that only look like one, are not.
func TestRunRemovesStaleTemps(t *testing.T) {
	dir := testmodule.Write(t, map[string]string{"a/a.go": testmodule.Dial("a")})
	dead := deadPID(t)
	stale := fmt.Sprintf(".a.go.kafix-%d-123456", dead)
	kept := []string{
		fmt.Sprintf(".a.go.kafix-%d-42", os.Getppid()), // alive
		fmt.Sprintf("a.go.kafix-%d-42", dead),          // not hidden
		fmt.Sprintf(".a.go.kafix-%d-x42", dead),        // not kafix's pattern
		".notes.kafix-draft",
	}
	for _, name := range append([]string{stale}, kept...) {
		if err := os.WriteFile(filepath.Join(dir, "a", name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if code, _ := migrate(t, dir, Options{}, nil); code != ExitOK {
		t.Errorf("exit status %d, want 0", code)
	}
	if _, err := os.Lstat(filepath.Join(dir, "a", stale)); !os.IsNotExist(err) {
		t.Errorf("the stale temporary file %s is still there: %v", stale, err)
	}
	for _, name := range kept {
		if _, err := os.Lstat(filepath.Join(dir, "a", name)); err != nil {
			t.Errorf("%s was removed: %v", name, err)
		}
	}
}

// deadPID returns the id of a process that has exited.
func deadPID(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

// TestWriteFileKeepsSetgidAndXattrs: replacing a file keeps its setgid
// bit and a user.* extended attribute, as gofmt -w does.
func TestWriteFileKeepsSetgidAndXattrs(t *testing.T) {
	path := writeTemp(t, "a.go", "old\n", 0o644)
	if err := os.Chmod(path, 0o644|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	if info, _ := os.Stat(path); info.Mode()&os.ModeSetgid == 0 {
		t.Skip("this file system does not keep setgid on a file")
	}
	withXattr := setTestXattr(t, path, "user.kafix", "kept")
	if err := writeFile(path, []byte("old\n"), []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	assertContent(t, path, "new\n")
	if info, _ := os.Stat(path); info.Mode() != 0o644|os.ModeSetgid {
		t.Errorf("mode %v, want %v", info.Mode(), 0o644|os.ModeSetgid)
	}
	if withXattr {
		if got := testXattr(t, path, "user.kafix"); got != "kept" {
			t.Errorf("user.kafix = %q, want %q", got, "kept")
		}
	}
}
