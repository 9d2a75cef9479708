package fixer

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"
)

// This file holds the predicates that name objects and types of other
// packages through go/types (a function of net, a method of
// *net.TCPConn, a named type), never by spelling, for the analyzer and
// the fixer alike: the fixer is the floor both stand on.

// Vendorless is path without the vendor directory prefix that std's
// vendored packages (vendor/golang.org/x/...) carry; the predicates
// compare package paths through it.
func Vendorless(path string) string {
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		return path[i+len("/vendor/"):]
	}
	return strings.TrimPrefix(path, "vendor/")
}

// IsPkgFunc reports whether obj is one of the functions pkg.names (not
// a method).
func IsPkgFunc(obj types.Object, pkg string, names ...string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || Vendorless(fn.Pkg().Path()) != pkg {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		return false
	}
	return slices.Contains(names, fn.Name())
}

// IsMethod reports whether obj is the method pkg.typ.name (pointer or
// value receiver).
func IsMethod(obj types.Object, pkg, typ string, names ...string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || Vendorless(fn.Pkg().Path()) != pkg {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !IsNamedOrPointer(sig.Recv().Type(), pkg, typ) {
		return false
	}
	return slices.Contains(names, fn.Name())
}

// IsPkgVar reports whether obj is a variable of package pkg called name,
// not a field.
func IsPkgVar(obj types.Object, pkg, name string) bool {
	v, ok := obj.(*types.Var)
	return ok && !v.IsField() && v.Pkg() != nil && Vendorless(v.Pkg().Path()) == pkg && v.Name() == name
}

// IsNamed reports whether t is the named type pkg.name (not a pointer
// to it: a fix that uses a value of t needs that type itself).
func IsNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && Vendorless(obj.Pkg().Path()) == pkg && obj.Name() == name
}

// IsNamedOrPointer reports whether t, or the type t points to, is the
// named type pkg.name.
func IsNamedOrPointer(t types.Type, pkg, name string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	return IsNamed(t, pkg, name)
}

// IdentOf is the identifier that names e, once unparenthesized: e
// itself, or the x of pkg.x and v.x; nil for any other expression.
// What it names is then the types.Info's to say.
func IdentOf(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}
