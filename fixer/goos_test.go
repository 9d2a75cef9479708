package fixer

import (
	"go/parser"
	"go/token"
	"slices"
	"testing"
)

// TestBuildsFor checks the systems a file builds for, from its name
// and build constraint, against go/build's rules.
func TestBuildsFor(t *testing.T) {
	allBut := func(except ...string) []string {
		return slices.DeleteFunc(slices.Clone(knownOS), func(g string) bool { return slices.Contains(except, g) })
	}
	for _, tc := range []struct {
		name, header string
		want         []string // nil: every system
	}{
		{"sock.go", "", nil},
		{"sock_linux.go", "", []string{"android", "linux"}},
		{"sock_linux_test.go", "", []string{"android", "linux"}},
		{"sock_darwin_arm64.go", "", []string{"darwin", "ios"}},
		{"sock_solaris.go", "", []string{"illumos", "solaris"}},
		{"sock_arm64.go", "", nil},
		{"linux.go", "", nil}, // no prefix before _: not a system suffix
		{"sock.go", "//go:build !windows", allBut("windows")},
		{"sock.go", "//go:build linux && amd64", []string{"android", "linux"}},
		{"sock.go", "//go:build unix && !darwin", allBut("darwin", "ios", "js", "nacl", "plan9", "wasip1", "windows", "zos")},
		{"sock.go", "//go:build (linux || freebsd) && cgo && !purego", []string{"android", "freebsd", "linux"}},
		{"sock.go", "// +build linux darwin", []string{"android", "darwin", "ios", "linux"}},
		{"sock.go", "// +build linux darwin\n// +build !android", []string{"darwin", "ios", "linux"}},
		{"sock.go", "//go:build linux && !linux", []string{}},
		{"sock_windows.go", "//go:build linux", []string{}},
		{"sock_openbsd.go", "//go:build go1.21", []string{"openbsd"}},
	} {
		src := tc.header + "\n\n// Package p is a test.\npackage p\n"
		f, err := parser.ParseFile(token.NewFileSet(), tc.name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		got := buildsFor(tc.name, buildConstraint(f))
		if (got == nil) != (tc.want == nil) || !slices.Equal(got, tc.want) {
			t.Errorf("%s %q: builds for %q, want %q", tc.name, tc.header, got, tc.want)
		}
	}
}
