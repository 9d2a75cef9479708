// Package testmodule writes small Go modules for the tests of kafix's
// driver and binary.
package testmodule

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files (slash-separated names relative to the module
// root) into a new module example.com/m, go 1.24 unless files holds a
// go.mod, in a temporary directory, and returns the directory.
func Write(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/m\n\ngo 1.24\n"
	}
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
