package migrate

// The write-safety tests run the migration in process, as cmd/kafix
// runs it, on small modules in temporary directories and check what it
// did to every byte: files it must not write stay as they were, files
// it writes change only around the sites, and the exit status and the
// output say what happened. (cmd/kafix's TestMigrateConflictingFixes
// runs the binary itself, end to end.)

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/cmd/internal/testmodule"
	"github.com/kafix/kafix/fixer/lcs"
)

// safeKafix runs the migration in process in dir as cmd/kafix runs it
// with the command line args, and returns its exit status, stdout and
// stderr.
func safeKafix(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cfg := analyzer.DefaultConfig()
	opts := Options{FactRoots: analyzer.SocketPackage}
	fs := flag.NewFlagSet("kafix", flag.ContinueOnError)
	cfg.RegisterFlags(fs)
	opts.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	opts.Dir = dir
	opts.Stdout, opts.Stderr = &stdout, &stderr
	code := Run(analyzer.New(cfg, analyzer.DeferFixes()), opts, fs.Args())
	t.Logf("kafix %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// safeSame fails the test unless the file at path holds want, byte for
// byte.
func safeSame(t *testing.T, path, want string) {
	t.Helper()
	if got := testmodule.Read(t, path); got != want {
		t.Errorf("%s changed:\n%s\nwant, byte for byte:\n%s", path, got, want)
	}
}

// safeNoTemps fails the test if a temporary file of kafix's is left
// anywhere under dir.
func safeNoTemps(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".kafix-") {
			t.Errorf("temporary file left: %s", path)
		}
		return nil
	})
}

// TestMigrateReadOnlyFile: a read-only file is not written and is
// named in the output; the other files of the run are still fixed;
// the exit status is 2.
func TestMigrateReadOnlyFile(t *testing.T) {
	t.Parallel()
	dir := testmodule.Write(t, map[string]string{
		"a/a.go":   testmodule.Dial("a"),
		"ro/ro.go": testmodule.Dial("ro"),
		"z/z.go":   testmodule.Dial("z"),
	})
	ro := filepath.Join(dir, "ro", "ro.go")
	if err := os.Chmod(ro, 0o444); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := safeKafix(t, dir, "./...")
	if code != 2 {
		t.Errorf("exit status %d, want 2", code)
	}
	safeSame(t, ro, testmodule.Dial("ro"))
	if info, err := os.Stat(ro); err != nil || info.Mode().Perm() != 0o444 {
		t.Errorf("the read-only file's mode: %v, %v", info.Mode(), err)
	}
	testmodule.Fixed(t, filepath.Join(dir, "a", "a.go"), 1)
	testmodule.Fixed(t, filepath.Join(dir, "z", "z.go"), 1)
	if want := "kafix: ro/ro.go not written: the file is read-only\n"; !strings.Contains(stderr, want) {
		t.Errorf("the output does not name the read-only file: lacks %q", want)
	}
	safeNoTemps(t, dir)
}

// TestMigrateFileChangedOnDisk: two packages hold the same file, once
// as a link (b/x.go -> ../a/x.go), and their fixes of it are the same:
// kafix writes the real file once for both, instead of applying the
// same fix a second time over the first (or, as it did, refusing the
// second name because the first write changed the file on disk).
// (TestRunFileChangedBeforeWrite and TestRunKeepsEditSavedBeforeRename
// make a user's change from a hook; TestRunSharedFileWrittenOnce
// refuses a shared file that two packages fix differently.)
func TestMigrateFileChangedOnDisk(t *testing.T) {
	t.Parallel()
	src := `package x

import "net"

func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}
`
	dir := testmodule.Write(t, map[string]string{"a/x.go": src, "c/c.go": testmodule.Dial("c")})
	if err := os.Mkdir(filepath.Join(dir, "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "a", "x.go"), filepath.Join(dir, "b", "x.go")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	code, _, stderr := safeKafix(t, dir, "./...")
	if code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	testmodule.Fixed(t, filepath.Join(dir, "a", "x.go"), 1)
	testmodule.Fixed(t, filepath.Join(dir, "c", "c.go"), 1)
	stderrHas(t, stderr, "kafix: 3 sites found, 3 fixed, 0 left, 2 files written")
	if info, err := os.Lstat(filepath.Join(dir, "b", "x.go")); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("b/x.go is no longer a link: %v", err)
	}
	goVet(t, dir)
	safeNoTemps(t, dir)
}

// TestMigrateSkipsBrokenPackages: a package with a type error, one
// with a syntax error and one that imports the first are named with
// the reason and left byte for byte as they were; the other packages
// are fixed; the exit status is non-zero (2).
func TestMigrateSkipsBrokenPackages(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"good/good.go": testmodule.Dial("good"),
		"typeerr/t.go": testmodule.Dial("typeerr") + "\nfunc broken() int { return undefinedName }\n",
		"syntax/s.go":  testmodule.Dial("syntax") + "\nfunc broken( {\n",
		"user/u.go": `package user

import (
	"net"

	"example.com/m/typeerr"
)

var _ = typeerr.Dial

func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}
`,
		"more/more.go": testmodule.Dial("more"),
	}
	dir := testmodule.Write(t, files)
	code, _, stderr := safeKafix(t, dir, "./...")
	if code != 2 {
		t.Errorf("exit status %d, want 2", code)
	}
	for _, name := range []string{"typeerr/t.go", "syntax/s.go", "user/u.go", "go.mod"} {
		safeSame(t, filepath.Join(dir, filepath.FromSlash(name)), files[name])
	}
	testmodule.Fixed(t, filepath.Join(dir, "good", "good.go"), 1)
	testmodule.Fixed(t, filepath.Join(dir, "more", "more.go"), 1)
	stderrHas(t, stderr,
		"kafix: skipped package example.com/m/typeerr: typeerr/t.go:9:28: undefined: undefinedName\n",
		"kafix: skipped package example.com/m/syntax: syntax/s.go:9:14: expected ')', found '{'\n",
		"kafix: skipped package example.com/m/user: dependency example.com/m/typeerr: ",
		"3 packages skipped",
	)
	safeNoTemps(t, dir)
}

// TestMigrateSymlinkedFile: a package file that is a symbolic link
// stays a link; the file it points to is fixed, keeping its mode.
func TestMigrateSymlinkedFile(t *testing.T) {
	t.Parallel()
	dir := testmodule.Write(t, map[string]string{"shared/dial.go.txt": testmodule.Dial("linked")})
	target := filepath.Join(dir, "shared", "dial.go.txt")
	if err := os.Chmod(target, 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "linked", "dial.go")
	os.Mkdir(filepath.Dir(link), 0o755)
	if err := os.Symlink(filepath.Join("..", "shared", "dial.go.txt"), link); err != nil {
		t.Skip("no symbolic links:", err)
	}
	code, _, _ := safeKafix(t, dir, "./...")
	if code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	info, err := os.Lstat(link)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link became a %v", info.Mode())
	}
	if dest, _ := os.Readlink(link); dest != filepath.Join("..", "shared", "dial.go.txt") {
		t.Errorf("the link points to %q now", dest)
	}
	testmodule.Fixed(t, target, 1)
	if info, err := os.Stat(target); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("the target's mode: %v, %v", info.Mode(), err)
	}
	goVet(t, dir)
	safeNoTemps(t, dir)
}

// TestMigrateKeepsUnformattedCode: in a file that was not gofmt'd,
// only the lines of the site and of the import section change; every
// other line is kept byte for byte, in order, including lines that the
// printer would split or reindent.
func TestMigrateKeepsUnformattedCode(t *testing.T) {
	t.Parallel()
	src := "package messy\n" +
		"\n" +
		"import   \"net\"\n" +
		"\n" +
		"// A comment    with  odd   spacing.\n" +
		"func  Dial( addr string )( net.Conn,error ){\n" +
		"    x:=1;  _ = x   // two statements, spaces for a tab\n" +
		"\n" +
		"\n" +
		"  var (   a = 1\n" +
		"    b = 2 )\n" +
		"\t_, _ = a,b\n" +
		"\treturn net.Dial( \"tcp\",addr )\n" +
		"}\n" +
		"\n" +
		"func   Other()  int {return 42}\n" +
		"var   Table = map[string]int{ \"a\":1,\n" +
		"      \"bb\":   22}\n"
	dir := testmodule.Write(t, map[string]string{"messy/messy.go": src})
	name := filepath.Join(dir, "messy", "messy.go")
	code, _, _ := safeKafix(t, dir, "./...")
	if code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	out := testmodule.Read(t, name)
	testmodule.Fixed(t, name, 1)
	removed, added := lineDiff(strings.SplitAfter(src, "\n"), strings.SplitAfter(out, "\n"))
	mayChange := map[string]bool{
		"import   \"net\"\n":                  true,
		"\treturn net.Dial( \"tcp\",addr )\n": true,
	}
	for _, l := range removed {
		if !mayChange[l] {
			t.Errorf("line %q changed; only the import and the site's lines may", l)
		}
	}
	if len(removed) == 0 || len(added) == 0 {
		t.Errorf("nothing changed:\n%s", out)
	}
	goVet(t, dir)
}

// lineDiff returns the lines of a that are not in a longest common
// subsequence of a and b, and the lines of b that are not.
func lineDiff(a, b []string) (removed, added []string) {
	// A bound of n×m cells never refuses.
	pairs, _ := lcs.Pairs(len(a), len(b), func(i, j int) bool { return a[i] == b[j] }, len(a)*len(b))
	i, j := 0, 0
	for _, p := range append(pairs, [2]int{len(a), len(b)}) {
		removed = append(removed, a[i:p[0]]...)
		added = append(added, b[j:p[1]]...)
		i, j = p[0]+1, p[1]+1
	}
	return removed, added
}

// TestMigrateKeepsCRLF: in files with CRLF line endings, every line
// of the fixed files, the inserted ones included (imports, a dialer, a
// listener, a raw socket's setsockopt calls and their error checks),
// still ends in \r\n.
func TestMigrateKeepsCRLF(t *testing.T) {
	t.Parallel()
	lf := map[string]string{
		"crlf/crlf.go": `package crlf

import (
	"context"
	"net"
)

// Dial dials.
func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}

func Listen(ctx context.Context) (net.Listener, error) {
	return net.Listen("tcp", ":0")
}

var D = net.Dialer{}
`,
		"crlf/raw_linux.go": `package crlf

import "syscall"

func Sock() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	return fd, nil
}
`,
	}
	if runtime.GOOS != "linux" {
		delete(lf, "crlf/raw_linux.go")
	}
	files := make(map[string]string)
	for name, src := range lf {
		files[name] = strings.ReplaceAll(src, "\n", "\r\n")
	}
	dir := testmodule.Write(t, files)
	code, _, _ := safeKafix(t, dir, "./...")
	if code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	for name := range lf {
		src := files[name]
		out := testmodule.Read(t, filepath.Join(dir, filepath.FromSlash(name)))
		if len(out) <= len(src) {
			t.Errorf("%s was not fixed:\n%s", name, out)
		}
		lines := strings.SplitAfter(out, "\n")
		if last := lines[len(lines)-1]; last != "" {
			t.Errorf("%s no longer ends in a line ending: %q", name, last)
		}
		for i, l := range lines[:len(lines)-1] {
			if !strings.HasSuffix(l, "\r\n") || strings.Count(l, "\r") != 1 {
				t.Errorf("%s: line %d does not end in a single \\r\\n: %q", name, i+1, l)
			}
		}
	}
	testmodule.Fixed(t, filepath.Join(dir, "crlf", "crlf.go"), 3)
	if _, ok := lf["crlf/raw_linux.go"]; ok {
		if out := testmodule.Read(t, filepath.Join(dir, "crlf", "raw_linux.go")); !strings.Contains(out, "SO_KEEPALIVE") {
			t.Errorf("raw_linux.go does not set SO_KEEPALIVE:\n%s", out)
		}
	}
	goVet(t, dir)
}

// TestMigrateAtomicWriteKeepsMode: a file written keeps its mode (0640
// stays 0640) and no temporary file is left; a file whose replacement
// fails (it is immutable: the rename of the temporary file over it
// fails even for root) is left as it was, named, with no temporary
// file left either, and the exit status is 2.
func TestMigrateAtomicWriteKeepsMode(t *testing.T) {
	t.Parallel()
	dir := testmodule.Write(t, map[string]string{"a/a.go": testmodule.Dial("a"), "b/b.go": testmodule.Dial("b")})
	a, b := filepath.Join(dir, "a", "a.go"), filepath.Join(dir, "b", "b.go")
	for _, name := range []string{a, b} {
		if err := os.Chmod(name, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	immutable := exec.Command("chattr", "+i", b).Run() == nil
	if immutable {
		t.Cleanup(func() { exec.Command("chattr", "-i", b).Run() })
	} else {
		t.Log("chattr +i is not available here: only the successful write is checked")
	}

	code, _, stderr := safeKafix(t, dir, "./...")
	testmodule.Fixed(t, a, 1)
	if info, err := os.Stat(a); err != nil || info.Mode() != 0o640 {
		t.Errorf("a.go's mode after the write: %v, %v; want -rw-r-----", info.Mode(), err)
	}
	safeNoTemps(t, dir)
	if !immutable {
		if code != 0 {
			t.Errorf("exit status %d, want 0", code)
		}
		return
	}
	if code != 2 {
		t.Errorf("exit status %d, want 2", code)
	}
	safeSame(t, b, testmodule.Dial("b"))
	if want := "kafix: b/b.go not written: replacing the file: operation not permitted\n"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q", want)
	}
}

// TestMigrateTestVariantNames: a file that belongs to a package and to
// its test variant is fixed so that both compile: the test file
// declares a package-level time, so the fix must import the standard
// time under another name.
func TestMigrateTestVariantNames(t *testing.T) {
	t.Parallel()
	dir := testmodule.Write(t, map[string]string{
		"p/p.go": testmodule.Dial("p"),
		"p/p_test.go": `package p

import "testing"

var time = "taken by a test file"

func TestTime(t *testing.T) { _ = time }
`,
	})
	code, _, _ := safeKafix(t, dir, "./...")
	if code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	testmodule.Fixed(t, filepath.Join(dir, "p", "p.go"), 1)
	goVet(t, dir)
}

// TestMigrateMultiFileFixNotHalfApplied: under -gate=flag, the fixes in
// conns.go use a flag that the same fixes declare in main.go. With
// main.go read-only, no fix that needs it is applied: conns.go stays
// as it was instead of referring to a flag that is never declared, and
// the module still builds.
func TestMigrateMultiFileFixNotHalfApplied(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"main.go": `package main

import (
	"flag"
	"net"
)

func main() {
	flag.Parse()
	c, err := net.Dial("tcp", "192.0.2.1:9")
	if err == nil {
		c.Close()
	}
}
`,
		"conns.go": `package main

import "net"

func dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}
`,
	}
	dir := testmodule.Write(t, files)
	if err := os.Chmod(filepath.Join(dir, "main.go"), 0o444); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := safeKafix(t, dir, "-gate=flag", "./...")
	if code != 2 {
		t.Errorf("exit status %d, want 2", code)
	}
	for _, name := range []string{"main.go", "conns.go"} {
		safeSame(t, filepath.Join(dir, name), files[name])
	}
	stderrHas(t, stderr,
		"kafix: main.go not written: the file is read-only\n",
		"kafix: left conns.go:6:9: main.go not written: the file is read-only\n",
	)
	goVet(t, dir)

	// Writable, both files are fixed together and the module builds.
	if err := os.Chmod(filepath.Join(dir, "main.go"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := safeKafix(t, dir, "-gate=flag", "./..."); code != 0 {
		t.Errorf("writable: exit status %d, want 0", code)
	}
	if !strings.Contains(testmodule.Read(t, filepath.Join(dir, "conns.go")), "Enable: *tcpKeepAlive") {
		t.Errorf("conns.go is not fixed behind the flag:\n%s", testmodule.Read(t, filepath.Join(dir, "conns.go")))
	}
	goVet(t, dir)
}

// TestMigrateModuleTheGoCommandRefuses: when the go command stops
// before listing any package ("go: updates to go.mod needed", here a go
// line older than a requirement's), go/packages, asked for export data,
// returns no package and no error. kafix says what the go command said
// and exits 2, instead of reporting a module without sites.
func TestMigrateModuleTheGoCommandRefuses(t *testing.T) {
	t.Parallel()
	sum, err := os.ReadFile(filepath.Join("..", "..", "..", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"go.mod":   "module example.com/m\n\ngo 1.22\n\nrequire golang.org/x/tools v0.52.0\n",
		"go.sum":   string(sum),
		"m.go":     testmodule.Dial("m"),
		"tools.go": "package m\n\nimport _ \"golang.org/x/tools/go/packages\"\n",
	}
	dir := testmodule.Write(t, files)
	for _, mode := range []string{"-check", "-diff", ""} {
		args := []string{"./..."}
		if mode != "" {
			args = []string{mode, "./..."}
		}
		code, _, stderr := safeKafix(t, dir, args...)
		if code != 2 {
			t.Errorf("kafix %s: exit status %d, want 2", mode, code)
		}
		stderrHas(t, stderr, "kafix: go list: exit status 1: go: updates to go.mod needed", "go mod tidy")
	}
	for name, content := range files {
		safeSame(t, filepath.Join(dir, name), content)
	}
}

// TestMigrateNamesOtherSystemsFiles: files of the package with socket
// code that build only for other systems are never analyzed by this
// run; the summary names them with their systems, and neither an
// ignored file nor one left out for another reason is named.
func TestMigrateNamesOtherSystemsFiles(t *testing.T) {
	t.Parallel()
	other := "windows"
	if runtime.GOOS == "windows" {
		other = "linux"
	}
	files := map[string]string{
		"m.go":                   testmodule.Dial("m"),
		"m_" + other + ".go":     "package m\n\nimport \"net\"\n\nvar _ = net.Dial\n",
		"plain_" + other + ".go": "package m\n\nimport \"strings\"\n\nvar _ = strings.Cut\n",
		"gen.go":                 "//go:build ignore\n\npackage main\n\nimport \"net\"\n\nvar _ = net.Dial\n",
	}
	dir := testmodule.Write(t, files)
	for _, mode := range []string{"-check", "-diff"} {
		_, _, stderr := safeKafix(t, dir, mode, "./...")
		stderrHas(t, stderr, "kafix: not analyzed, 1 file with socket code that builds only for other systems: m_"+other+".go ("+other+"); run kafix again with GOOS set to one of them for these\n")
		if strings.Contains(stderr, "plain_") || strings.Contains(stderr, "gen.go") {
			t.Errorf("kafix %s names a file without socket code or an ignored one:\n%s", mode, stderr)
		}
	}
}

// TestMigrateNamesCgoAndTaggedFiles: files with socket code that the
// run never analyzes, one that imports "C" (whatever CGO_ENABLED says)
// and those that build only with tags the run was not given, are named
// in the summary with what to do; a tagged file without socket code, a
// go:build ignore program and a file for another architecture are not.
func TestMigrateNamesCgoAndTaggedFiles(t *testing.T) {
	files := map[string]string{
		"m.go":           testmodule.Dial("m"),
		"c.go":           "package m\n\n// int one(void) { return 1; }\nimport \"C\"\n\nimport \"net\"\n\nvar _ = C.one\n\nfunc DialC(addr string) (net.Conn, error) {\n\treturn net.Dial(\"tcp\", addr)\n}\n",
		"e2e_test.go":    "//go:build integration && !short\n\npackage m\n\nimport (\n\t\"net\"\n\t\"testing\"\n)\n\nfunc TestE2E(t *testing.T) { net.Dial(\"tcp\", \"x\") }\n",
		"plain_test.go":  "//go:build integration\n\npackage m\n\nimport \"strings\"\n\nvar _ = strings.Cut\n",
		"gen.go":         "//go:build ignore\n\npackage main\n\nimport \"net\"\n\nvar _ = net.Dial\n",
		"arch_other.go":  "//go:build " + otherArch() + "\n\npackage m\n\nimport \"net\"\n\nvar _ = net.Dial\n",
		"tagged_unix.go": "//go:build unix && kafixdemo\n\npackage m\n\nimport \"net\"\n\nvar _ = net.Dial\n",
		// Named once, for its system.
		"cgo_" + otherOS() + ".go": "package m\n\nimport \"C\"\n\nimport \"net\"\n\nvar _ = net.Dial\n",
	}
	dir := testmodule.Write(t, files)
	for _, cgo := range []string{"0", "1"} {
		if cgo == "1" {
			if _, err := exec.LookPath("gcc"); err != nil {
				t.Log("no C compiler: CGO_ENABLED=1 not tried")
				continue
			}
		}
		t.Setenv("CGO_ENABLED", cgo)
		for _, mode := range []string{"-check", "-diff"} {
			_, _, stderr := safeKafix(t, dir, mode, "./...")
			stderrHas(t, stderr,
				"kafix: not analyzed, 1 file with socket code that uses cgo (import \"C\"), which kafix does not fix: c.go; fix its connections by hand\n",
				"kafix: not analyzed, 2 files with socket code that build only with build tags: e2e_test.go (integration), tagged_unix.go (kafixdemo); run kafix again with GOFLAGS=-tags=integration,kafixdemo for these\n",
			)
			stderrHas(t, stderr, "kafix: not analyzed, 1 file with socket code that builds only for other systems: cgo_"+otherOS()+".go")
			if strings.Count(stderr, "cgo_"+otherOS()+".go") != 1 {
				t.Errorf("cgo_%s.go is named more than once:\n%s", otherOS(), stderr)
			}
			for _, name := range []string{"plain_test.go", "gen.go", "arch_other.go"} {
				if strings.Contains(stderr, name) {
					t.Errorf("CGO_ENABLED=%s kafix %s names %s:\n%s", cgo, mode, name, stderr)
				}
			}
		}
	}
}

// otherOS is a system other than this one.
func otherOS() string {
	if runtime.GOOS == "windows" {
		return "linux"
	}
	return "windows"
}

// otherArch is an architecture other than this one.
func otherArch() string {
	if runtime.GOARCH == "s390x" {
		return "riscv64"
	}
	return "s390x"
}
