package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"
)

// This file follows functions through the registries that a package
// keeps them in, maps from a name to a function (smallnest/rpcx's
// client):
//
//	var ConnFactories = make(map[string]ConnFactoryFn)
//	func init() { ConnFactories["unix"] = newDirectConn }
//	...
//	if fn := ConnFactories[network]; fn != nil {
//		conn, err = fn(client, network, address)
//	}
//
// A function stored only in such maps, which the package only looks
// up to call, is called wherever the package calls what it looks up:
// those calls are its callers, like its direct ones. An exported
// registry is taken as one that importers add functions of their own
// to: an importer that looks up the package's own functions in it and
// calls them itself, rather than through the package's API (rpcx's
// Connect), is not followed.

// registryOf is the map that the function value at cur is stored in:
// cur is the value of M[k] = f, or of an element of M's literal (var M
// = map[string]F{"tcp": f}), and M is a package-level map variable of
// this package. Nil otherwise.
func (c *checker) registryOf(cur inspector.Cursor) *types.Var {
	e := climbParens(cur)
	switch p := e.Parent().Node().(type) {
	case *ast.AssignStmt:
		i := indexOfExpr(p.Rhs, e.Node().(ast.Expr))
		if p.Tok != token.ASSIGN || len(p.Lhs) != len(p.Rhs) || i < 0 {
			return nil
		}
		if ix, ok := ast.Unparen(p.Lhs[i]).(*ast.IndexExpr); ok {
			return c.packageMap(ix.X)
		}
	case *ast.KeyValueExpr:
		lit, ok := e.Parent().Parent().Node().(*ast.CompositeLit)
		if !ok || p.Value != e.Node() {
			return nil
		}
		if spec, ok := e.Parent().Parent().Parent().Node().(*ast.ValueSpec); ok && len(spec.Names) == len(spec.Values) {
			if i := indexOfExpr(spec.Values, lit); i >= 0 {
				return c.packageMap(spec.Names[i])
			}
		}
	}
	return nil
}

// packageMap is the variable that e names if it is a package-level
// map variable of this package.
func (c *checker) packageMap(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := c.pass.TypesInfo.ObjectOf(id)
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() != c.pass.Pkg || v.Parent() != c.pass.Pkg.Scope() {
		return nil
	}
	if _, ok := v.Type().Underlying().(*types.Map); !ok {
		return nil
	}
	return v
}

// registryCalls returns the calls of the functions that the package
// looks up in m: M[k](...), or fn := M[k] (fn, ok := M[k]) and then
// fn(...). It fails if the package does anything else with m than
// storing functions in it, looking them up to call, or deleting from
// it, or with a function it looked up than calling it or comparing it
// with nil.
func (c *checker) registryCalls(m *types.Var) ([]inspector.Cursor, bool) {
	info := c.pass.TypesInfo
	var calls []inspector.Cursor
	for cur := range c.everyFile().Root().Preorder((*ast.Ident)(nil)) {
		if info.Uses[cur.Node().(*ast.Ident)] != m {
			continue
		}
		switch p := cur.Parent().Node().(type) {
		case *ast.CallExpr: // delete(M, k)
			if id, ok := ast.Unparen(p.Fun).(*ast.Ident); ok && id.Name == "delete" && info.Uses[id] == types.Universe.Lookup("delete") {
				continue
			}
			return nil, false
		case *ast.IndexExpr:
			if p.X != cur.Node() {
				return nil, false
			}
		default:
			return nil, false
		}
		read := climbParens(cur.Parent())
		switch p := read.Parent().Node().(type) {
		case *ast.CallExpr: // M[k](...)
			if p.Fun != read.Node() {
				return nil, false
			}
			calls = append(calls, read.Parent())
		case *ast.AssignStmt:
			if indexOfExpr(p.Lhs, read.Node().(ast.Expr)) >= 0 {
				if p.Tok != token.ASSIGN {
					return nil, false
				}
				continue // M[k] = f: a registration, which registryOf saw
			}
			found, ok := c.callsOfLookup(read, p, m)
			if !ok {
				return nil, false
			}
			calls = append(calls, found...)
		default:
			return nil, false
		}
	}
	return calls, true
}

// callsOfLookup returns the calls of fn, a local variable that as, at
// read, assigns a function looked up in m (fn := M[k], fn, ok :=
// M[k]). It fails if fn is used otherwise than called, compared with
// nil, or assigned another lookup in m.
func (c *checker) callsOfLookup(read inspector.Cursor, as *ast.AssignStmt, m *types.Var) ([]inspector.Cursor, bool) {
	info := c.pass.TypesInfo
	if len(as.Rhs) != 1 || len(as.Lhs) > 2 {
		return nil, false
	}
	fn, ok := assignedVar(info, as, read.Node()).(*types.Var)
	if !ok || fn.IsField() || fn.Parent() == fn.Pkg().Scope() {
		return nil, false
	}
	var calls []inspector.Cursor
	escapes := c.usesOf(scopeOf(read), fn, func(use inspector.Cursor) bool {
		e := climbParens(use)
		switch p := e.Parent().Node().(type) {
		case *ast.CallExpr:
			if p.Fun == e.Node() {
				calls = append(calls, e.Parent())
				return false
			}
		case *ast.BinaryExpr: // fn != nil
			other := p.X
			if other == e.Node() {
				other = p.Y
			}
			return (p.Op != token.EQL && p.Op != token.NEQ) || !info.Types[other].IsNil()
		case *ast.AssignStmt: // fn = M[k]
			if indexOfExpr(p.Lhs, e.Node().(ast.Expr)) >= 0 && len(p.Rhs) == 1 {
				ix, ok := ast.Unparen(p.Rhs[0]).(*ast.IndexExpr)
				return !ok || c.packageMap(ix.X) != m
			}
		}
		return true
	})
	return calls, !escapes
}

// withRegistryCalls adds to r the calls of its function through the
// registries it is stored in, if they can all be followed.
func (c *checker) withRegistryCalls(r funcRef) (funcRef, bool) {
	inSocketFile := make(map[*ast.File]bool)
	for _, f := range socketFiles(c.pass) {
		inSocketFile[f] = true
	}
	calls := slices.Clone(r.calls)
	for _, m := range r.registries {
		found, ok := c.registryCalls(m)
		if !ok {
			return r, false
		}
		for _, call := range found {
			for f := range call.Enclosing((*ast.File)(nil)) {
				r.outside = r.outside || !inSocketFile[f.Node().(*ast.File)]
			}
		}
		calls = append(calls, found...)
	}
	r.calls = calls
	return r, true
}
