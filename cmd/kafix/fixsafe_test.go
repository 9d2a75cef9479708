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
	bin := kafixBinary(t)
	mod := writeModule(t, twoSitesModule)
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

// oneImportLineModule has one import on one line and two sites whose
// fixes add different imports ("time"; "context" and "time").
var oneImportLineModule = map[string]string{
	"go.mod": "module example.com/oneline\n\ngo 1.24\n",
	"c.go": `package oneline

import "net"

func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}

func Listen(addr string) (net.Listener, error) {
	return net.Listen("tcp", addr)
}
`,
}

// TestGoFixOneImportLine runs the real go fix on a file whose one
// import line both fixes turn into a block of different imports. Their
// import edits overlap, so they conflict as a whole: go fix (Go 1.26
// applies a package's fixes only when they all merge) says so, exits 1
// and writes nothing. It used to merge them into "import ( (", a file
// that does not parse. kafix's own migration then applies both.
func TestGoFixOneImportLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kafix and runs go fix; skipped with -short")
	}
	gobin := drvGo(t)
	bin := kafixBinary(t)
	mod := writeModule(t, oneImportLineModule)
	out, errOut, code := drvRun(t, mod, gobin, "fix", "-fixtool="+bin, "./...")
	if code != 1 || !strings.Contains(out+errOut, "applied 1 of 2 fixes") {
		t.Errorf("go fix: exit %d, want 1 and \"applied 1 of 2 fixes\"\n%s%s", code, out, errOut)
	}
	if got := drvTree(t, mod)["c.go"]; got != oneImportLineModule["c.go"] {
		t.Fatalf("go fix wrote c.go:\n%s", got)
	}
	if out, errOut, code := drvRun(t, mod, bin, "./..."); code != 0 {
		t.Fatalf("kafix ./...: exit %d, want 0\n%s%s", code, out, errOut)
	}
	fixed := drvTree(t, mod)["c.go"]
	if out, errOut, code := drvRun(t, mod, gobin, "build", "./..."); code != 0 {
		t.Fatalf("go build after kafix: exit %d\n%s%s\n%s", code, out, errOut, fixed)
	}
	if !strings.Contains(fixed, "import (\n\t\"context\"\n\t\"net\"\n\t\"time\"\n)\n") {
		t.Errorf("kafix did not write one import block of context, net and time:\n%s", fixed)
	}
	if out, errOut, code := drvRun(t, mod, gobin, "vet", "-vettool="+bin, "./..."); code != 0 {
		t.Errorf("go vet after kafix: exit %d, want 0 (no site left)\n%s%s", code, out, errOut)
	}
}

// writeModule writes files to a new temporary directory and returns it.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	mod := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(mod, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return mod
}

// tlsRefusalModule is a server whose tls.Listen refuses a nil
// tls.Config and one without a certificate: it prints the error, or
// "serving" when the config has a way to get a certificate.
var tlsRefusalModule = map[string]string{
	"go.mod": "module example.com/tlsrefusal\n\ngo 1.24\n",
	"main.go": `package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"os"
)

type server struct {
	TLSConfig *tls.Config
}

func (s *server) listen(addr string) (net.Listener, error) {
	ln, err := tls.Listen("tcp", addr, s.TLSConfig)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

func main() {
	s := &server{}
	switch os.Args[1] {
	case "empty":
		s.TLSConfig = &tls.Config{}
	case "getcert":
		s.TLSConfig = &tls.Config{GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return nil, nil }}
	}
	ln, err := s.listen("127.0.0.1:0")
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println("serving")
	ln.Close()
}
`,
}

// TestTLSListenKeepsItsRefusal fixes a server that calls tls.Listen
// with a config that may be nil, builds it before and after the fix,
// and runs both with a nil config, one without a certificate and one
// with GetCertificate: the fixed server fails where tls.Listen failed,
// with the same error, and serves where it served.
func TestTLSListenKeepsItsRefusal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds kafix and two programs; skipped with -short")
	}
	gobin := drvGo(t)
	bin := kafixBinary(t)
	mod := writeModule(t, tlsRefusalModule)
	before := filepath.Join(t.TempDir(), "before")
	if out, errOut, code := drvRun(t, mod, gobin, "build", "-o", before, "."); code != 0 {
		t.Fatalf("go build: exit %d\n%s%s", code, out, errOut)
	}
	if out, errOut, code := drvRun(t, mod, bin, "./..."); code != 0 {
		t.Fatalf("kafix: exit %d\n%s%s", code, out, errOut)
	}
	fixed := drvTree(t, mod)["main.go"]
	if !strings.Contains(fixed, "ListenConfig") {
		t.Fatalf("kafix did not fix main.go:\n%s", fixed)
	}
	after := filepath.Join(t.TempDir(), "after")
	if out, errOut, code := drvRun(t, mod, gobin, "build", "-o", after, "."); code != 0 {
		t.Fatalf("go build of the fixed program: exit %d\n%s%s\n%s", code, out, errOut, fixed)
	}
	for _, mode := range []string{"nil", "empty", "getcert"} {
		wantOut, _, wantCode := drvRun(t, mod, before, mode)
		gotOut, gotErr, gotCode := drvRun(t, mod, after, mode)
		if gotOut != wantOut || gotCode != wantCode {
			t.Errorf("config %s: the fixed program printed %q and exited %d; before the fix, %q and %d\n%s", mode, gotOut, gotCode, wantOut, wantCode, gotErr)
		}
	}
	if t.Failed() {
		t.Logf("main.go after kafix:\n%s", fixed)
	}
}
