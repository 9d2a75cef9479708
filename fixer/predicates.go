package fixer

import "go/ast"

// This file holds the predicates that both the analyzer and the fixer
// ask of syntax and types; the fixer is the floor both stand on.

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
