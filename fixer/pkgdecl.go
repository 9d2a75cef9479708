package fixer

import (
	"bytes"
	"cmp"
	"go/ast"
	"go/types"
	"go/version"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// This file holds what the fixes of one package share, and where a
// declaration that all of them carry (the gate, the option setter)
// goes: the file a reader looks at first, right after its imports.

// Package is what the fixes of one package share: its files, so that
// one gate declaration serves them all. The analyzer makes one per
// pass and hands it to every Site of the pass.
type Package struct {
	Files    []*ast.File
	ReadFile func(filename string) ([]byte, error)
	// GoVersion is the module's Go version ("go1.22"), for files
	// whose own version is unknown; "" if unknown.
	GoVersion string
	// SiteFiles names the files that hold the sites the package
	// reports (the analyzer sets it from the sites of the pass). The
	// option setter goes in one of them where it can, next to the code
	// that uses it; when all are tests, the declarations go in a test
	// file, so that the package built without its tests carries none
	// of them (testsOnly). A package and its test variant agree on
	// the files that are not tests: sites there are found in both.
	SiteFiles map[string]bool

	// expected are the sites whose fixes the package will be asked
	// for (Expect); nil if unknown.
	expected []Site

	mu           sync.Mutex
	gates        map[Policy]*gatePlan
	sockopts     map[Policy]*sockoptPlan
	policySought bool           // policy has been looked for
	policy       *projectPolicy // the package's own keepalive policy, if any
	// importsAdded are, per file name, the import paths (and names)
	// that fixes so far add to the file's own import declaration: the
	// option setter's import block must not bring them a second time.
	importsAdded map[string]map[string]string
}

// Expect tells p the sites whose fixes it will be asked for, before
// the first: the declarations that their fixes share (the option
// setter) then hold what those fixes call and nothing more, the same
// text in every fix.
func (p *Package) Expect(sites []Site) {
	p.expected = sites
}

// addedImports records that a fix adds paths (path -> name, "" for
// the package's own) to file's imports.
func (p *Package) addedImports(file string, paths map[string]string) {
	if len(paths) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.importsAdded == nil {
		p.importsAdded = make(map[string]map[string]string)
	}
	if p.importsAdded[file] == nil {
		p.importsAdded[file] = make(map[string]string)
	}
	for importPath, name := range paths {
		p.importsAdded[file][importPath] = cmp.Or(name, path.Base(importPath))
	}
}

// ownFiles are the files that the package's generated declarations
// (the gate, the option setter) may go in, ordered by name: those that
// are neither tests nor generated, the same in a package and in its
// test variant, so that both declare alike and the package built
// without its tests still has what its own sites use. A package made
// of test files alone (an external test package, package foo_test)
// has only its test files, which every one of its builds has; so has a
// package whose sites are all in tests (testsOnly).
func ownFiles(s *Site) []*ast.File {
	var files, tests []*ast.File
	for _, f := range s.Package.Files {
		switch {
		case ast.IsGenerated(f):
		case isTestFile(gateFileName(s, f)):
			tests = append(tests, f)
		default:
			files = append(files, f)
		}
	}
	if len(files) == 0 || s.Package.testsOnly() && len(tests) > 0 {
		files = tests
	}
	slices.SortFunc(files, func(a, b *ast.File) int {
		return strings.Compare(filepath.Base(gateFileName(s, a)), filepath.Base(gateFileName(s, b)))
	})
	return files
}

// testsOnly reports whether every site the package reports is in a
// test file.
func (p *Package) testsOnly() bool {
	for name := range p.SiteFiles {
		if !isTestFile(name) {
			return false
		}
	}
	return len(p.SiteFiles) > 0
}

// isTestFile reports whether the file called name is a test.
func isTestFile(name string) bool { return strings.HasSuffix(name, "_test.go") }

func gateFileName(s *Site, f *ast.File) string {
	return s.Fset.File(f.FileStart).Name()
}

// chooseFile is the first of files without build constraints, or
// else the first.
func chooseFile(s *Site, files []*ast.File) *ast.File {
	for _, f := range files {
		if !hasBuildConstraint(gateFileName(s, f), f) {
			return f
		}
	}
	if len(files) > 0 {
		return files[0]
	}
	return nil
}

// chooseDeclFile picks where a reader looks first: the file of func
// main in a program; the file named after the package, or the one
// with the package comment, in a library; else the first file.
func chooseDeclFile(s *Site, files []*ast.File, isMain bool) *ast.File {
	var free []*ast.File
	for _, f := range files {
		if !hasBuildConstraint(gateFileName(s, f), f) {
			free = append(free, f)
		}
	}
	if len(free) == 0 {
		free = files
	}
	for _, f := range free {
		if isMain && declaresMain(f) {
			return f
		}
		if base := strings.TrimSuffix(filepath.Base(gateFileName(s, f)), ".go"); !isMain && (base == s.Pkg.Name() || base == s.Pkg.Name()+"_test") {
			return f
		}
	}
	if !isMain {
		for _, f := range free {
			if f.Doc != nil {
				return f
			}
		}
	}
	if len(free) > 0 {
		return free[0]
	}
	return nil
}

func declaresMain(f *ast.File) bool {
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "main" {
			return true
		}
	}
	return false
}

// hasBuildConstraint reports whether f, named name, builds only for
// some systems or architectures: a //go:build line, or a _GOOS or
// _GOARCH file name.
func hasBuildConstraint(name string, f *ast.File) bool {
	return BuildsFor(name, f) != nil || buildConstraint(f) != nil || archFile(name)
}

// freeIdent is base, or base with a number, whichever no package-level
// object or import of any file uses. Every fix of the package computes
// the same.
func freeIdent(s *Site, base string) string {
	taken := func(name string) bool {
		if s.Pkg.Scope().Lookup(name) != nil || types.Universe.Lookup(name) != nil {
			return true
		}
		for _, f := range s.Package.Files {
			if sc := s.Info.Scopes[f]; sc != nil && sc.Lookup(name) != nil {
				return true
			}
		}
		return false
	}
	return freshName(base, "", taken)
}

// declarationText is the text that inserts a declaration, text, at
// offset at of src: after a blank line (two newlines at the end of a
// file without a final one), with the file's own line endings (CRLF
// files keep CRLF).
func declarationText(src []byte, at int, text string) string {
	text = "\n" + text
	if at == len(src) && !bytes.HasSuffix(src, []byte("\n")) {
		text = "\n" + text
	}
	if bytes.Contains(src, []byte("\r\n")) {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	return text
}

// docComment is text as a doc comment, wrapped, ending with the gate
// directive.
func docComment(text string) string {
	var b strings.Builder
	line := "//"
	for _, w := range strings.Fields(text) {
		if len(line)+1+len(w) > 72 && line != "//" {
			b.WriteString(line + "\n")
			line = "//"
		}
		line += " " + w
	}
	b.WriteString(line + "\n//\n" + gateDirective + "\n")
	return b.String()
}

// declFileVersion is the Go version of file, a file of s's package
// that gets a declaration, falling back to the module's.
func declFileVersion(s *Site, file *ast.File) string {
	if v := s.Info.FileVersions[file]; v != "" {
		return v
	}
	return s.Package.GoVersion
}

func goVersionBefore(v, than string) bool {
	return v != "" && version.IsValid(v) && version.Compare(v, than) < 0
}
