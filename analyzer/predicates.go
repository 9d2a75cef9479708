package analyzer

import (
	"go/types"
	"slices"
	"strings"
)

// This file holds the predicates that name objects and types of
// other packages through go/types (a function of net, a method of
// *net.TCPConn, a named type), never by spelling.

// vendorless strips the vendor directory prefix that std's vendored
// packages (vendor/golang.org/x/...) carry.
func vendorless(path string) string {
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		return path[i+len("/vendor/"):]
	}
	return strings.TrimPrefix(path, "vendor/")
}

// isPkgFunc reports whether obj is one of the functions pkg.names (not
// a method).
func isPkgFunc(obj types.Object, pkg string, names ...string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || vendorless(fn.Pkg().Path()) != pkg {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		return false
	}
	return slices.Contains(names, fn.Name())
}

// isMethod reports whether obj is the method pkg.Type.name (pointer or
// value receiver).
func isMethod(obj types.Object, pkg, typ string, names ...string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || vendorless(fn.Pkg().Path()) != pkg {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !isNamed(sig.Recv().Type(), pkg, typ) {
		return false
	}
	return slices.Contains(names, fn.Name())
}

// isNamed reports whether t (or what it points to) is the named type
// pkg.name.
func isNamed(t types.Type, pkg, name string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && vendorless(obj.Pkg().Path()) == pkg && obj.Name() == name
}

// isInteger reports whether t is an integer type (an fd, for raw
// sockets).
func isInteger(t types.Type) bool {
	b, ok := types.Unalias(t).(*types.Basic)
	if t != nil && !ok {
		b, ok = t.Underlying().(*types.Basic)
	}
	return ok && b.Info()&types.IsInteger != 0
}
