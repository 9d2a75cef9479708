package analyzer

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/kafix/kafix/fixer"
)

// socketFiles returns the files of the package that can hold a site, a
// keepalive helper, a socket constructor, or code that decides whether
// a site is TCP or covered: the inspector is built over these alone,
// since in most packages that dial or listen, most files do neither.
//
// A file is one of them if it refers to something of a socket package
// or of a package that exports keepalive facts; or if it refers to a
// function or method of this package declared in one of them (a helper
// of a helper); or if it refers to a variable or field of this package
// that one of them refers to (it may assign the network, or the fd, or
// the Dialer that a site uses); or if it declares such a variable; or
// if it refers to a struct type of this package that holds a Dialer or
// ListenConfig (its literal may leave that zero).
// Inside a socket package itself, every file is one of them.
func socketFiles(pass *analysis.Pass) []*ast.File {
	files := pass.Files
	if len(files) < 2 || socketPackages[fixer.Vendorless(pass.Pkg.Path())] {
		return files
	}
	// The files in position order, to find the file of a position.
	byStart := make([]int, len(files))
	for i := range byStart {
		byStart[i] = i
	}
	slices.SortFunc(byStart, func(a, b int) int { return cmp.Compare(files[a].FileStart, files[b].FileStart) })
	fileOf := func(pos token.Pos) int {
		k, _ := slices.BinarySearchFunc(byStart, pos, func(i int, pos token.Pos) int {
			return cmp.Compare(files[i].FileStart, pos)
		})
		// files[byStart[k-1]] is the last file that starts at or before pos.
		if k < len(byStart) && files[byStart[k]].FileStart == pos {
			return byStart[k]
		}
		if k == 0 || pos > files[byStart[k-1]].FileEnd {
			return -1
		}
		return byStart[k-1]
	}

	relevant := make([]bool, len(files))
	sameUses := make([][]types.Object, len(files)) // this package's functions and variables that each file refers to
	varFiles := make(map[*types.Var][]int)         // the files that refer to or declare each variable of this package
	sockety := make(map[*types.Package]bool)
	for id, obj := range pass.TypesInfo.Uses {
		i := fileOf(id.Pos())
		if i < 0 || obj.Pkg() == nil {
			continue
		}
		if pkg := obj.Pkg(); pkg != pass.Pkg {
			s, ok := sockety[pkg]
			if !ok {
				s = socketPackages[fixer.Vendorless(pkg.Path())] || pass.ImportPackageFact(pkg, new(hasKeepAliveFacts))
				sockety[pkg] = s
			}
			relevant[i] = relevant[i] || s
			continue
		}
		switch obj := obj.(type) {
		case *types.TypeName:
			relevant[i] = relevant[i] || holdsConfig(obj)
		case *types.Func:
			sameUses[i] = append(sameUses[i], obj)
		case *types.Var:
			if obj.Parent() == pass.Pkg.Scope() || obj.IsField() {
				sameUses[i] = append(sameUses[i], obj)
				varFiles[obj] = append(varFiles[obj], i)
			}
		}
	}
	for v := range varFiles {
		if i := fileOf(v.Pos()); i >= 0 {
			varFiles[v] = append(varFiles[v], i)
		}
	}

	for changed := true; changed; {
		changed = false
		for i, objs := range sameUses {
			for _, obj := range objs {
				switch obj := obj.(type) {
				case *types.Func:
					if !relevant[i] {
						if j := fileOf(obj.Pos()); j >= 0 && relevant[j] {
							relevant[i], changed = true, true
						}
					}
				case *types.Var:
					if relevant[i] {
						for _, j := range varFiles[obj] {
							if !relevant[j] {
								relevant[j], changed = true, true
							}
						}
					}
				}
			}
		}
	}

	var out []*ast.File
	for i, f := range files {
		if relevant[i] {
			out = append(out, f)
		}
	}
	return out
}

// holdsConfig reports whether obj is a struct type that holds a
// net.Dialer or net.ListenConfig by value.
func holdsConfig(obj *types.TypeName) bool {
	n, ok := types.Unalias(obj.Type()).(*types.Named)
	return ok && !obj.IsAlias() && len(configFields(n)) > 0
}

// socketPackages are the imports that can create or configure a TCP
// connection.
var socketPackages = map[string]bool{
	"net":                      true,
	"crypto/tls":               true,
	"syscall":                  true,
	"golang.org/x/sys/unix":    true,
	"golang.org/x/sys/windows": true,
}

// SocketPackage reports whether the package at importPath is one of
// the socket packages, which the analyzer's facts start from: a package
// can export a fact only if it is one, or imports one, or imports a
// package that exports facts (touchesSockets). kafix's driver loads
// the dependencies that cannot from export data.
func SocketPackage(importPath string) bool { return socketPackages[fixer.Vendorless(importPath)] }

// touchesSockets is the fast path: a package that imports no socket
// package, and no package that exports keepalive facts, can neither
// create a connection nor configure one, so it has nothing to report
// and no facts to export.
func touchesSockets(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if socketPackages[fixer.Vendorless(imp.Path())] {
			return true
		}
		if pass.ImportPackageFact(imp, new(hasKeepAliveFacts)) {
			return true
		}
	}
	return false
}
