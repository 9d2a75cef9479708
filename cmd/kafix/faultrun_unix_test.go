//go:build unix

package main

// The fault run: the kafix binary migrates a module of packages whose
// two files one fix spans (b.go's fix uses the option type that a.go's
// fix declares, so half a package does not build), while something
// goes wrong: SIGINT at a random moment, files saved by the user while
// it runs, and, as root with KAFIX_FAULT_TMPFS=1, a disk that fills up
// (a small tmpfs). After each, every file is its original or its fixed
// version (with the user's saves kept), the two files of a package
// agree, the module builds, no temporary file is left, and a second
// run finishes the job. KAFIX_FAULT_PACKAGES (20) and
// KAFIX_FAULT_SIGNALS (3; 0 for none) set the size.

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kafix/kafix/cmd/internal/testmodule"
)

func TestFaultRun(t *testing.T) {
	packages := faultEnv("KAFIX_FAULT_PACKAGES", 20)
	signals := faultEnv("KAFIX_FAULT_SIGNALS", 3)
	bin := kafixBinary(t)

	orig := t.TempDir()
	writeFaultModule(t, orig, packages)
	original := readTree(t, orig)

	// The fixed version of every file, from a run that nothing
	// disturbs; the second such run, whose go command finds the
	// packages compiled, says how long the runs below take.
	var ref string
	var took time.Duration
	for range 2 {
		ref = testmodule.WriteIn(t, t.TempDir(), original)
		start := time.Now()
		if code, _, stderr := faultKafix(t, bin, ref); code != 0 {
			t.Fatalf("undisturbed run: exit status %d\n%s", code, stderr)
		}
		took = time.Since(start)
	}
	fixed := readTree(t, ref)
	for name := range original {
		if strings.HasSuffix(name, ".go") && fixed[name] == original[name] {
			t.Fatalf("the undisturbed run did not fix %s", name)
		}
	}
	t.Logf("%d packages: an undisturbed run takes %v", packages, took)

	check := func(what, dir string, saved map[string]string) (fixedPkgs int) {
		t.Helper()
		now := readTree(t, dir)
		for name := range now {
			if strings.Contains(filepath.Base(name), ".kafix-") {
				t.Errorf("%s: temporary file left: %s", what, name)
			}
		}
		touched := make(map[string]bool)
		for name, last := range saved {
			if !strings.Contains(now[name], last) {
				t.Errorf("%s: the user's last save of %s (%q) is lost:\n%s", what, name, last, now[name])
			}
			touched[filepath.Dir(name)] = true
		}
		for p := range packages {
			pkg := fmt.Sprintf("p%03d", p)
			state := ""
			for _, file := range []string{"a.go", "b.go"} {
				name := pkg + "/" + file
				content := userSave.ReplaceAllString(now[name], "")
				var s string
				switch content {
				case original[name]:
					s = "original"
				case fixed[name]:
					s = "fixed"
				default:
					t.Errorf("%s: %s is neither its original nor its fixed version:\n%s", what, name, now[name])
					continue
				}
				if state != "" && s != state && !touched[pkg] {
					t.Errorf("%s: package %s is half written: a.go %s, b.go %s", what, pkg, state, s)
				}
				state = s
			}
			if state == "fixed" {
				fixedPkgs++
			}
		}
		if len(saved) == 0 {
			cmd := exec.Command("go", "build", "./...")
			cmd.Dir = dir
			cmd.Env = safeEnv()
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s: go build ./...: %v\n%s", what, err, out)
			}
		}
		return fixedPkgs
	}
	finish := func(what, dir string) {
		t.Helper()
		if code, _, stderr := faultKafix(t, bin, dir); code != 0 {
			t.Errorf("%s: the second run: exit status %d\n%s", what, code, stderr)
		}
		if n := check(what+", second run", dir, nil); n != packages {
			t.Errorf("%s: after the second run %d of %d packages are fixed", what, n, packages)
		}
	}

	// Half the signals come at a random moment of the run, which is
	// mostly loading and analysis; the others while it writes, a
	// random moment after its first file is written (-v says so).
	for i := range signals {
		dir := testmodule.WriteIn(t, t.TempDir(), original)
		cmd := faultCommand(bin, dir)
		whileWriting := i%2 == 1
		if whileWriting {
			cmd.Args = append(cmd.Args[:1], "-v", "./...")
		}
		stderrPipe, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		var stderr strings.Builder
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(stderrPipe)
			for sc.Scan() {
				stderr.WriteString(sc.Text() + "\n")
				lines <- sc.Text()
			}
		}()
		var what string
		if whileWriting {
			for line := range lines {
				if strings.Contains(line, " wrote ") {
					break
				}
			}
			delay := time.Duration(rand.Int64N(int64(took / 20)))
			time.Sleep(delay)
			what = fmt.Sprintf("SIGINT %v after the first file written", delay.Round(time.Microsecond))
		} else {
			delay := time.Duration(rand.Int64N(int64(took)))
			time.Sleep(delay)
			what = fmt.Sprintf("SIGINT after %v", delay.Round(time.Millisecond))
		}
		cmd.Process.Signal(syscall.SIGINT)
		for range lines {
		}
		err = cmd.Wait()
		n := check(what, dir, nil)
		t.Logf("%s: %v, %d of %d packages fixed; %s", what, err, n, packages, lastLine(stderr.String()))
		if err == nil && n < packages {
			t.Errorf("%s: exit status 0 with %d packages not written", what, packages-n)
		}
		finish(what, dir)
	}

	// The user saves files while kafix runs: in place or by renaming a
	// new file over them, each save adding a line to what the editor
	// holds (the original, as loaded before the run).
	{
		dir := testmodule.WriteIn(t, t.TempDir(), original)
		cmd := faultCommand(bin, dir)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		saved := make(map[string]string)
		var mu sync.Mutex
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			held := make(map[string]string)
			for n := 0; ; n++ {
				select {
				case <-done:
					return
				default:
				}
				name := fmt.Sprintf("p%03d/%s", rand.IntN(packages), []string{"a.go", "b.go"}[rand.IntN(2)])
				if _, ok := held[name]; !ok {
					held[name] = original[name]
				}
				mark := fmt.Sprintf("// saved by the user: %d\n", n)
				held[name] += mark
				path := filepath.Join(dir, name)
				var err error
				if n%2 == 0 {
					err = os.WriteFile(path, []byte(held[name]), 0o644)
				} else {
					tmp := filepath.Join(filepath.Dir(path), ".editor-save")
					if err = os.WriteFile(tmp, []byte(held[name]), 0o644); err == nil {
						err = os.Rename(tmp, path)
					}
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				saved[name] = mark
				mu.Unlock()
				time.Sleep(time.Duration(1+rand.IntN(int(took.Milliseconds()/20+1))) * time.Millisecond)
			}
		})
		err := cmd.Wait()
		close(done)
		wg.Wait()
		n := check("saved during the run", dir, saved)
		t.Logf("saved during the run: %v, %d files saved, %d of %d packages fixed; %s", err, len(saved), n, packages, lastLine(stderr.String()))
	}

	if os.Getenv("KAFIX_FAULT_TMPFS") == "1" && os.Geteuid() == 0 {
		faultFullDisk(t, bin, original, check)
	} else {
		t.Log("full disk not tried: it mounts a tmpfs, as root with KAFIX_FAULT_TMPFS=1")
	}
}

// faultFullDisk migrates the module on a tmpfs with room for about a
// third of the packages' new files (tmpfs counts whole pages).
func faultFullDisk(t *testing.T, bin string, original map[string]string, check func(string, string, map[string]string) int) {
	mnt := t.TempDir()
	pages := 0
	for _, content := range original {
		pages += (len(content) + 4095) / 4096
	}
	// Each package's fixed a.go takes a page more than the original;
	// while it is written, its temporary files take three.
	size := (pages + len(original)/6) * 4096
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+strconv.Itoa(size), "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Fatalf("mount: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount: %v\n%s", err, out)
		}
	})
	dir := testmodule.WriteIn(t, mnt, original)
	code, _, stderr := faultKafix(t, bin, dir)
	n := check("full disk", dir, nil)
	t.Logf("full disk (%d KB): exit status %d, %d packages fixed; %s", size>>10, code, n, lastLine(stderr))
	if !strings.Contains(stderr, "no space left on device") {
		t.Errorf("full disk: the run never ran out of space:\n%s", stderr)
	}
	if code != 2 {
		t.Errorf("full disk: exit status %d, want 2", code)
	}
}

// userSave matches the lines that the test's user adds.
var userSave = regexp.MustCompile(`(?m)^// saved by the user: \d+\n`)

func faultEnv(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n >= 0 {
		return n
	}
	return def
}

func faultCommand(bin, dir string) *exec.Cmd {
	cmd := exec.Command(bin, "./...")
	cmd.Dir = dir
	cmd.Env = safeEnv()
	return cmd
}

func faultKafix(t *testing.T, bin, dir string) (int, string, string) {
	t.Helper()
	stdout, stderr, code := runIn(t, dir, safeEnv(), bin, "./...")
	return code, stdout, stderr
}

// writeFaultModule writes a module of n packages of two files each,
// whose sites' fixes share the option type that one of them declares.
func writeFaultModule(t *testing.T, dir string, n int) {
	t.Helper()
	files := map[string]string{"go.mod": "module example.com/fault\n\ngo 1.24\n"}
	for p := range n {
		pkg := fmt.Sprintf("p%03d", p)
		for _, f := range []string{"A", "B"} {
			files[pkg+"/"+strings.ToLower(f)+".go"] = "package " + pkg + "\n\nimport \"net\"\n\n" + faultDoc + "func Dial" + f + "(addr string) (net.Conn, error) {\n\treturn net.Dial(\"tcp\", addr)\n}\n"
		}
	}
	testmodule.WriteIn(t, dir, files)
}

// faultDoc is a doc comment that makes a fixed a.go take two pages of
// a tmpfs, and the original one.
var faultDoc = strings.Repeat("// Dial dials addr over TCP, as the package has always done it.\n", 10)

// readTree returns the regular files under dir by slash-separated
// name.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := make(map[string]string)
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndex(s, "\n")+1:]
}
