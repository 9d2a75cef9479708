package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/kafix/kafix/fixer"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// This file follows variables to the values assigned to them: a local
// variable, or an unexported package-level one, whose every assignment
// is known counts as those values (network, address := "unix", path).

// A value is one assignment to a local variable: expr is what is
// assigned (nil for a declaration without a value), result is the
// variable's index among the results of a tuple assignment (u, err :=
// url.Parse(s)), or -1.
type value struct {
	expr   ast.Expr
	result int
}

// localValues returns every value assigned to the variable that e
// names: a local variable, in scope, or an unexported package-level one
// (packageVarValues). It fails when e is not such a variable, or when
// something else may write it: its address is taken, it is a range
// variable or a parameter (declared outside any statement seen here),
// or it is assigned by an operator such as += or ++.
func (c *checker) localValues(scope inspector.Cursor, e ast.Expr) ([]value, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil, false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.IsField() {
		return nil, false
	}
	if v.Parent() == v.Pkg().Scope() {
		return c.packageVarValues(v)
	}
	return c.assignedValues(scope, v)
}

// pkgVarValues are the values of a package-level variable, and
// whether they are all there is to know.
type pkgVarValues struct {
	vals []value
	ok   bool
}

// packageVarValues returns every value assigned to v, a package-level
// variable, in the package's files: an unexported variable that only
// this package writes (var addr = "127.0.0.1:9999") is followed like a
// local one. An exported one is not: other packages may write it.
func (c *checker) packageVarValues(v *types.Var) ([]value, bool) {
	if r, ok := c.pkgVars[v]; ok {
		return r.vals, r.ok
	}
	var r pkgVarValues
	if !v.Exported() {
		r.vals, r.ok = c.assignedValues(c.everyFile().Root(), v)
	}
	if c.pkgVars == nil {
		c.pkgVars = make(map[*types.Var]pkgVarValues)
	}
	c.pkgVars[v] = r
	return r.vals, r.ok
}

// assignedValues returns every value assigned to v in root, and
// whether they are all: v is declared there, and nothing there writes
// it otherwise (see localValues).
func (c *checker) assignedValues(root inspector.Cursor, v *types.Var) ([]value, bool) {
	info := c.pass.TypesInfo
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (info.Defs[id] == v || info.Uses[id] == v)
	}
	var vals []value
	declared, followed := false, true
	for cur := range root.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil), (*ast.IncDecStmt)(nil), (*ast.RangeStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if !is(lhs) {
					continue
				}
				id, _ := ast.Unparen(lhs).(*ast.Ident)
				declared = declared || info.Defs[id] == v
				if n.Tok != token.DEFINE && n.Tok != token.ASSIGN {
					followed = false
				}
				vals = append(vals, tupleValue(n.Rhs, len(n.Lhs), i))
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] != v {
					continue
				}
				declared = true
				if len(n.Values) == 0 {
					vals = append(vals, value{nil, -1})
				} else {
					vals = append(vals, tupleValue(n.Values, len(n.Names), i))
				}
			}
		case *ast.UnaryExpr: // &v: anyone may write it
			if n.Op == token.AND && is(n.X) && !c.sockaddrArg(cur) {
				followed = false
			}
		case *ast.IncDecStmt:
			if is(n.X) {
				followed = false
			}
		case *ast.RangeStmt:
			if n.Key != nil && is(n.Key) || n.Value != nil && is(n.Value) {
				followed = false
			}
		}
	}
	return vals, declared && followed
}

// tupleValue is the value that the i-th of n variables receives from
// rhs.
func tupleValue(rhs []ast.Expr, n, i int) value {
	if len(rhs) == n {
		return value{rhs[i], -1}
	}
	return value{rhs[0], i} // v, err := f()
}

// constStrings returns the constant strings that e may hold at a call
// in scope: its value if it is a constant, the constants that the
// branch it is read in compares it with (see branchStrings), or the
// values of every assignment of a local variable that is only ever
// assigned constants.
func (c *checker) constStrings(scope inspector.Cursor, e ast.Expr) ([]string, bool) {
	info := c.pass.TypesInfo
	if s, ok := constString(info, e); ok {
		return []string{s}, true
	}
	if strs, ok := c.branchStrings(scope, e); ok {
		return strs, true
	}
	vals, ok := c.localValues(scope, e)
	if !ok {
		return nil, false
	}
	strs := make([]string, len(vals))
	for i, v := range vals {
		switch {
		case v.expr == nil && v.result == -1:
			strs[i] = "" // the zero value
		case v.result == -1:
			if strs[i], ok = constString(info, v.expr); !ok {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return strs, true
}

// sockaddrArg reports whether cur, &sa, is the address argument of a
// raw Bind or Connect, which reads the address (it writes only the
// Sockaddr's unexported raw form).
func (c *checker) sockaddrArg(cur inspector.Cursor) bool {
	call, ok := cur.Parent().Node().(*ast.CallExpr)
	if !ok || len(call.Args) != 2 || call.Args[1] != cur.Node() {
		return false
	}
	callee := typeutil.Callee(c.pass.TypesInfo, call)
	return fixer.IsPkgFunc(callee, fixer.PkgSyscall, "Bind", "Connect") || fixer.IsPkgFunc(callee, fixer.PkgUnix, "Bind", "Connect")
}

// everyFile is an inspector of every file of the package, built the
// first time a question needs the whole package (a package variable's
// values, funcDecl, funcRefs): c.insp sees only the files that refer
// to sockets.
func (c *checker) everyFile() *inspector.Inspector {
	if c.allFiles == nil {
		c.allFiles = inspector.New(c.pass.Files)
	}
	return c.allFiles
}

// funcDecl is the declaration of fn, a function of this package with a
// body.
func (c *checker) funcDecl(fn *types.Func) (inspector.Cursor, bool) {
	if c.decls == nil {
		c.decls = make(map[*types.Func]inspector.Cursor)
		for cur := range c.everyFile().Root().Preorder((*ast.FuncDecl)(nil)) {
			decl := cur.Node().(*ast.FuncDecl)
			if f, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func); ok && decl.Body != nil {
				c.decls[f] = cur
			}
		}
	}
	cur, ok := c.decls[fn]
	return cur, ok
}

// packageCallee is the function of this package, declared with a body,
// that call calls, and its declaration.
func (c *checker) packageCallee(call *ast.CallExpr) (*types.Func, inspector.Cursor, bool) {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() != c.pass.Pkg {
		return nil, inspector.Cursor{}, false
	}
	decl, ok := c.funcDecl(fn.Origin())
	return fn, decl, ok
}

// successReturns calls f with each return statement of the function
// declared at decl (not of its function literals) that may succeed:
// one whose error result, if it has one last, is the identifier nil. A
// return that reports an error makes no socket for its caller to use.
// It reports false if the function has a bare return with named
// results, whose values this does not follow.
func (c *checker) successReturns(decl inspector.Cursor, f func(ret *ast.ReturnStmt)) bool {
	fd := decl.Node().(*ast.FuncDecl)
	fn, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if !ok {
		return false
	}
	results := fn.Signature().Results()
	errLast := results.Len() > 0 && types.Identical(results.At(results.Len()-1).Type(), types.Universe.Lookup("error").Type())
	ok = true
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			switch {
			case len(n.Results) == 0 && results.Len() > 0:
				ok = false
			case errLast && len(n.Results) == results.Len() && !isNilIdent(n.Results[len(n.Results)-1]):
				// an error path
			default:
				f(n)
			}
		}
		return true
	})
	return ok
}

func isNilIdent(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}

// valueReaching is the value that the local variable id names at its
// use in scope when an assignment in the statements just before it, in
// the same block, sets it and none between touches it:
//
//	var tcpAddr *net.TCPAddr
//	for port := 60000; port < 61000; port++ {
//		tcpAddr = &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: port}
//		ln, err := net.ListenTCP("tcp", tcpAddr)
//
// nil when there is none, or when the variable may change elsewhere
// (its address is taken, or a function literal assigns it).
func (c *checker) valueReaching(scope inspector.Cursor, id *ast.Ident) ast.Expr {
	info := c.pass.TypesInfo
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	use, ok := scope.FindNode(id)
	if !ok {
		return nil
	}
	stmt := use
	for {
		if _, ok := stmt.Parent().Node().(*ast.BlockStmt); ok {
			break
		}
		if _, ok := stmt.Node().(*ast.FuncLit); ok || stmt.Node() == scope.Node() {
			return nil
		}
		stmt = stmt.Parent()
	}
	if c.writtenIndirectly(scope, v) {
		return nil
	}
	for prev, ok := stmt.PrevSibling(); ok; prev, ok = prev.PrevSibling() {
		if as, ok := prev.Node().(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) && (as.Tok == token.ASSIGN || as.Tok == token.DEFINE) {
			for i, lhs := range as.Lhs {
				if lid, ok := lhs.(*ast.Ident); ok && (info.Uses[lid] == v || info.Defs[lid] == v) {
					return as.Rhs[i]
				}
			}
		}
		mentions := false
		for cur := range prev.Preorder((*ast.Ident)(nil)) {
			if info.Uses[cur.Node().(*ast.Ident)] == v {
				mentions = true
				break
			}
		}
		if mentions {
			return nil // it may change there
		}
	}
	return nil
}

// writtenIndirectly reports whether v may change where the statements
// of its block do not show it: its address is taken, or a function
// literal assigns it.
func (c *checker) writtenIndirectly(scope inspector.Cursor, v *types.Var) bool {
	return c.usesOf(scope, v, func(use inspector.Cursor) bool {
		if u, ok := use.Parent().Node().(*ast.UnaryExpr); ok && u.Op == token.AND {
			return true
		}
		as, ok := use.Parent().Node().(*ast.AssignStmt)
		if !ok || indexOfExpr(as.Lhs, use.Node().(ast.Expr)) < 0 {
			return false
		}
		for range use.Enclosing((*ast.FuncLit)(nil)) {
			return true // assigned in a closure
		}
		return false
	})
}
