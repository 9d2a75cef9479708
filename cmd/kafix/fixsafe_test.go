package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// twoSitesModule has two sites on one line three times over: two
// Dialer literals in one assignment, two in one struct literal, and
// two calls in a file that is not gofmt'd.
var twoSitesModule = map[string]string{
	"go.mod": "module example.com/twosites\n\ngo 1.24\n",
	"dialers.go": `package twosites

import (
	"net"
	"time"
)

type pool struct {
	primary, backup *net.Dialer
}

func dialers() (*net.Dialer, *net.Dialer) {
	primary, backup := &net.Dialer{Timeout: time.Second}, &net.Dialer{Timeout: 2 * time.Second}
	return primary, backup
}

func newPool() pool {
	return pool{primary: &net.Dialer{}, backup: &net.Dialer{}}
}
`,
	"calls.go": `package twosites

import "net"

func both(a, b string) (net.Conn, net.Conn) {
	c1, _ := net.Dial("tcp", a); c2, _ := net.Dial("tcp", b)
	return c1, c2
}
`,
}

// TestGoFixTwoSitesOnOneLine runs the real go fix with kafix as its
// fix tool on files with two sites on one line: each fix's edits are
// as small as its change, so that go fix applies both in one run,
// exits 0, and the result builds and has no site left.
func TestGoFixTwoSitesOnOneLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kafix and runs go fix; skipped with -short")
	}
	gobin := drvGo(t)
	bin := filepath.Join(t.TempDir(), "kafix")
	drvBuild(t, bin)
	mod := t.TempDir()
	for name, text := range twoSitesModule {
		if err := os.WriteFile(filepath.Join(mod, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, errOut, code := drvRun(t, mod, gobin, "fix", "-fixtool="+bin, "./...")
	if code != 0 || strings.Contains(out+errOut, "applied") {
		t.Errorf("go fix: exit %d, want 0 with every fix applied\n%s%s", code, out, errOut)
	}
	fixed := drvTree(t, mod)
	for name, text := range twoSitesModule {
		if name != "go.mod" && fixed[name] == text {
			t.Errorf("go fix did not change %s", name)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	if out, errOut, code := drvRun(t, mod, gobin, "build", "./..."); code != 0 {
		t.Errorf("go build of the fixed module: exit %d\n%s%s", code, out, errOut)
	}
	out, errOut, code = drvRun(t, mod, gobin, "vet", "-vettool="+bin, "./...")
	if code != 0 {
		t.Errorf("go vet after go fix: exit %d, want 0 (no site left)\n%s%s", code, out, errOut)
	}
	if t.Failed() {
		for name := range twoSitesModule {
			t.Logf("%s after go fix:\n%s", name, fixed[name])
		}
	}
}
