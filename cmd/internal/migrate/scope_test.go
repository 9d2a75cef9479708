package migrate

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/kafix/kafix/cmd/internal/testmodule"
)

// TestNotUsersCode: kafix writes the files of the main modules (and,
// in GOPATH mode, of the packages named), and never a file of the Go
// installation, the module cache, a dependency or vendor/. The real
// GOROOT's net package is classified, never written.
func TestNotUsersCode(t *testing.T) {
	r := &runner{}
	dirs := r.goDirs()
	if dirs.goroot == "" || dirs.modcache == "" {
		t.Fatalf("go env GOROOT GOMODCACHE: %+v", dirs)
	}
	user := t.TempDir()
	main := &packages.Module{Path: "example.com/m", Main: true, Dir: user}
	dep := &packages.Module{Path: "example.com/dep", Dir: filepath.Join(dirs.modcache, "example.com", "dep@v1.0.0")}
	for _, c := range []struct {
		pkg        *packages.Package
		file       string
		moduleMode bool
		want       string // a word of the reason; "" if kafix may write it
	}{
		{&packages.Package{PkgPath: "net"}, filepath.Join(dirs.goroot, "src", "net", "dial.go"), true, "GOROOT"},
		{&packages.Package{PkgPath: "net"}, filepath.Join(dirs.goroot, "src", "net", "dial.go"), false, "GOROOT"},
		{&packages.Package{PkgPath: "vendor/golang.org/x/net/http2"}, filepath.Join(dirs.goroot, "src", "vendor", "golang.org", "x", "net", "http2", "frame.go"), true, "GOROOT"},
		{&packages.Package{PkgPath: "net", Module: nil}, filepath.Join(user, "net", "dial.go"), true, "standard library"},
		{&packages.Package{PkgPath: "example.com/dep", Module: dep}, filepath.Join(dep.Dir, "dep.go"), true, "module cache"},
		{&packages.Package{PkgPath: "example.com/dep", Module: &packages.Module{Path: "example.com/dep"}}, filepath.Join(user, "vendor", "example.com", "dep", "dep.go"), true, "vendor/"},
		{&packages.Package{PkgPath: "example.com/dep", Module: &packages.Module{Path: "example.com/dep", Dir: filepath.Join(user, "..", "dep")}}, filepath.Join(user, "..", "dep", "dep.go"), true, "not a main module"},
		{&packages.Package{PkgPath: "example.com/m/vendor/x", Module: main}, filepath.Join(user, "vendor", "x", "x.go"), true, "vendor/"},
		{&packages.Package{PkgPath: "example.com/m/a", Module: main}, filepath.Join(user, "a", "a.go"), true, ""},
		{&packages.Package{PkgPath: "a"}, filepath.Join(user, "src", "a", "a.go"), false, ""}, // GOPATH mode
	} {
		got := notUsersCode(c.pkg, c.file, dirs, c.moduleMode)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("notUsersCode(%s, %s, module mode %v) = %q, want %q", c.pkg.PkgPath, c.file, c.moduleMode, got, c.want)
		}
	}
}

// TestMigrateLeavesVendor: naming a vendored package whose code has a
// site reports it and leaves it: vendor/ is not written, the main
// module's own site is fixed.
func TestMigrateLeavesVendor(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	files := map[string]string{
		"dep/go.mod": "module example.com/dep\n\ngo 1.24\n",
		"dep/dep.go": testmodule.Dial("dep"),
		"m/go.mod":   "module example.com/m\n\ngo 1.24\n\nrequire example.com/dep v0.0.0\n\nreplace example.com/dep => ../dep\n",
		"m/m.go":     "package m\n\nimport (\n\t\"net\"\n\n\t\"example.com/dep\"\n)\n\nvar _ = dep.Dial\n\nfunc Dial(addr string) (net.Conn, error) {\n\treturn net.Dial(\"tcp\", addr)\n}\n",
	}
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := filepath.Join(root, "m")
	cmd := exec.Command("go", "mod", "vendor")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod vendor: %v\n%s", err, out)
	}
	vendored := filepath.Join(dir, "vendor", "example.com", "dep", "dep.go")
	safeSame(t, vendored, files["dep/dep.go"])
	code, _, stderr := safeKafix(t, dir, "./...", "example.com/dep")
	safeSame(t, vendored, files["dep/dep.go"])
	testmodule.Fixed(t, filepath.Join(dir, "m.go"), 1)
	stderrHas(t, stderr, "kafix: left vendor/example.com/dep/dep.go:6:9: vendor/example.com/dep/dep.go not written: it is in vendor/, which go mod vendor rewrites: fix module example.com/dep at its source\n")
	if code != ExitFindings {
		t.Errorf("exit status %d, want %d", code, ExitFindings)
	}
	safeNoTemps(t, dir)
}
