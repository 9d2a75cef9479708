// Package testmodule writes small Go modules for the tests of kafix's
// driver and binary.
package testmodule

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Write writes files (slash-separated names relative to the module
// root) into a new module example.com/m, go 1.24 unless files holds a
// go.mod, in a temporary directory, and returns the directory.
func Write(t testing.TB, files map[string]string) string {
	t.Helper()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/m\n\ngo 1.24\n"
	}
	return WriteIn(t, t.TempDir(), files)
}

// WriteIn writes files, named by slash-separated paths, into dir as
// they are, and returns dir.
func WriteIn(t testing.TB, dir string, files map[string]string) string {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Dial is a file of package pkg with one net.Dial site, which the
// fixer always fixes.
func Dial(pkg string) string {
	return "package " + pkg + `

import "net"

func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}
`
}

// fixedMark is what the fixer writes at every net site it fixes under
// the default policy.
const fixedMark = "KeepAliveConfig: net.KeepAliveConfig{Enable: true"

// Read returns the contents of the file at path, failing t if it cannot
// be read.
func Read(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Fixed fails t unless the file at path has n net sites fixed under the
// default policy.
func Fixed(t testing.TB, path string, n int) {
	t.Helper()
	if got := strings.Count(Read(t, path), fixedMark); got != n {
		t.Errorf("%s has %d fixed sites, want %d:\n%s", path, got, n, Read(t, path))
	}
}
