package fixer

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestTimerNamesCompile checks the per-system table of timer options
// against the real packages by cross-compiling: every constant the
// table names exists for its system, with SetsockoptInt, SOL_SOCKET,
// SO_KEEPALIVE, IPPROTO_TCP and Close; every timer the table leaves
// unset has none of its usual names there; and a windows-only file's
// WSAIoctl call compiles.
func TestTimerNamesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles for eight systems")
	}
	usual := [numOptions][]string{{"TCP_KEEPIDLE", "TCP_KEEPALIVE"}, {"TCP_KEEPINTVL"}, {"TCP_KEEPCNT"}, {"TCP_USER_TIMEOUT", "TCP_RXT_CONNDROPTIME", "TCP_MAXRT"}}
	for _, pkg := range []string{PkgSyscall, PkgUnix} {
		for goos, names := range optionNames[pkg] {
			t.Run(filepath.Base(pkg)+"/"+goos, func(t *testing.T) {
				t.Parallel()
				if goos == "ios" {
					// ios links only with cgo, so it cannot be
					// cross-checked here; it builds darwin's files
					// and has darwin's constants.
					if names != optionNames[pkg]["darwin"] {
						t.Errorf("ios %v differs from darwin %v", names, optionNames[pkg]["darwin"])
					}
					return
				}
				body := "\t_ = q.SetsockoptInt(fd, q.SOL_SOCKET, q.SO_KEEPALIVE, 1)\n\t_ = q.Close(fd)\n"
				for _, name := range names {
					switch _, err := strconv.Atoi(name); {
					case name == "":
					case err == nil: // a number the package does not name everywhere
						body += fmt.Sprintf("\t_ = q.SetsockoptInt(fd, q.IPPROTO_TCP, %s, 1)\n", name)
					default:
						body += fmt.Sprintf("\t_ = q.SetsockoptInt(fd, q.IPPROTO_TCP, q.%s, 1)\n", name)
					}
				}
				fdType := "int"
				if goos == "windows" {
					fdType = "q.Handle"
				}
				if out, err := compileFor(t, pkg, goos, fdType, body); err != nil {
					t.Errorf("the table's names do not compile: %v\n%s", err, out)
				}
				for timer, name := range names {
					if name != "" {
						continue
					}
					for _, other := range usual[timer] {
						if slices.Contains(names[:], other) {
							continue
						}
						if _, err := compileFor(t, pkg, goos, fdType, fmt.Sprintf("\t_ = q.%s\n", other)); err == nil {
							t.Errorf("%s.%s exists on %s: the table should use it", pkg, other, goos)
						}
					}
				}
			})
		}
	}
	t.Run("syscall/windows/Closesocket", func(t *testing.T) {
		t.Parallel()
		if out, err := compileFor(t, PkgSyscall, "windows", "q.Handle", "\t_ = q.Closesocket(fd)\n"); err != nil {
			t.Errorf("%v\n%s", err, out)
		}
	})
}

// compileFor type-checks a function using package pkg (as q) with the
// given body for goos.
func compileFor(t *testing.T, pkg, goos, fdType, body string) ([]byte, error) {
	t.Helper()
	dir := t.TempDir()
	imports := fmt.Sprintf("import q %q\n", pkg)
	if strings.Contains(body, "unsafe.") {
		imports += "import \"unsafe\"\n"
	}
	src := fmt.Sprintf("package p\n\n%s\nfunc f(fd %s) {\n%s}\n", imports, fdType, body)
	gomod := "module p\n\ngo 1.24\n"
	if pkg == PkgUnix {
		v, sums := xsys(t)
		gomod += "\nrequire golang.org/x/sys " + v + "\n"
		if err := os.WriteFile(filepath.Join(dir, "go.sum"), []byte(sums), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range map[string]string{"go.mod": gomod, "p.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goarch := "amd64"
	if goos == "ios" || goos == "android" {
		goarch = "arm64"
	}
	cmd := exec.Command("go", "vet", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	return cmd.CombinedOutput()
}

// xsys is the version of golang.org/x/sys that the kafix module
// requires (and therefore has in the module cache), and its go.sum
// lines.
func xsys(t *testing.T) (string, string) {
	t.Helper()
	f, err := os.Open("../go.sum")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	version, sums := "", ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 3 && fields[0] == "golang.org/x/sys" {
			sums += sc.Text() + "\n"
			version = strings.TrimSuffix(fields[1], "/go.mod")
		}
	}
	if version == "" {
		t.Fatal("golang.org/x/sys is not in go.sum")
	}
	return version, sums
}
