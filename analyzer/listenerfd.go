package analyzer

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/kafix/kafix/fixer"
)

// This file handles Go listeners whose connections Go does not create:
// code that takes the listener's fd (File, SyscallConn) and accepts on
// it with syscall.Accept or unix.Accept4. A ListenConfig's keepalive
// never reaches those fds (Go's Accept is what applies it), so the
// listener is not the site: each raw Accept is, and its fix configures
// the accepted fd like any raw socket's. A listener that Go never
// accepts on at all (one that only reserves a port, or reads its Addr)
// creates no connection and is no site either (inert.go).

// maxFDDepth bounds how far goListenerFD follows an fd back through
// variables and conversions.
const maxFDDepth = 4

// goListenerAccept is the site of a raw Accept on the fd of a Go TCP
// listener, unless the accepted fd is configured or handed to net.
func (c *checker) goListenerAccept(cur inspector.Cursor, call *ast.CallExpr) (site, bool) {
	info := c.pass.TypesInfo
	callee := typeutil.Callee(info, call)
	pkg := ""
	switch {
	case isPkgFunc(callee, fixer.PkgSyscall, "Accept", "Accept4"):
		pkg = fixer.PkgSyscall
	case isPkgFunc(callee, fixer.PkgUnix, "Accept", "Accept4"):
		pkg = fixer.PkgUnix
	default:
		return site{}, false
	}
	if len(call.Args) == 0 {
		return site{}, false
	}
	scope := scopeOf(cur)
	if _, ok := scope.Node().(*ast.FuncDecl); !ok {
		return site{}, false
	}
	if !c.goListenerFD(scope, call.Args[0], 0) {
		return site{}, false
	}
	if nfd := c.resultAt(cur, 0); nfd != nil {
		if c.enabledOn(scope, nfd, 0) {
			return site{}, false
		}
		if _, wrapped := c.wrappedByNet(scope, nfd); wrapped {
			return site{}, false // Go's implicit keepalive: net's business
		}
	}
	name := "syscall"
	if pkg == fixer.PkgUnix {
		name = "unix"
	}
	return site{cur: cur, what: name + "." + callee.Name() + " on a Go listener's fd (a ListenConfig setting does not reach the connections it accepts)", state: absent,
		fix: fixer.Site{
			Kind:      fixer.RawAccept,
			Node:      call,
			SocketPkg: pkg,
			Conns:     []fixer.Conn{{Call: call, Var: resultIdentAt(cur, 0)}},
		}}, true
}

// goListenerFD reports whether e, the fd argument of a raw Accept, is
// the fd of a Go TCP listener: int(f.Fd()) of f := ln.File(), or the
// fd that ln.SyscallConn()'s Control hands its function.
func (c *checker) goListenerFD(scope inspector.Cursor, e ast.Expr, depth int) bool {
	if depth > maxFDDepth {
		return false
	}
	info := c.pass.TypesInfo
	e = unconvert(info, e)
	switch e := e.(type) {
	case *ast.CallExpr: // f.Fd()
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Fd" || !isNamed(info.TypeOf(sel.X), "os", "File") {
			return false
		}
		return c.listenerResult(scope, sel.X, "File", depth+1)
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return false
		}
		if c.controlParamOfListener(scope, v, depth) {
			return true
		}
		if rhs := c.definingValue(scope, v); rhs != nil {
			return c.goListenerFD(scope, rhs, depth+1)
		}
	}
	return false
}

// listenerResult reports whether e is what method (File or
// SyscallConn) of a Go TCP listener returned: the call itself, or a
// variable declared with it.
func (c *checker) listenerResult(scope inspector.Cursor, e ast.Expr, method string, depth int) bool {
	if depth > maxFDDepth {
		return false
	}
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		return ok && sel.Sel.Name == method && isNamed(info.TypeOf(sel.X), "net", "TCPListener")
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			if rhs := c.definingValue(scope, v); rhs != nil {
				return c.listenerResult(scope, rhs, method, depth+1)
			}
		}
	}
	return false
}

// controlParamOfListener reports whether v is the fd parameter of a
// function literal passed to rc.Control, where rc is the SyscallConn
// of a Go TCP listener.
func (c *checker) controlParamOfListener(scope inspector.Cursor, v *types.Var, depth int) bool {
	info := c.pass.TypesInfo
	for cur := range scope.Preorder((*ast.FuncLit)(nil)) {
		lit := cur.Node().(*ast.FuncLit)
		if lit.Type.Params == nil || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 ||
			info.Defs[lit.Type.Params.List[0].Names[0]] != v {
			continue
		}
		call, ok := cur.Parent().Node().(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Control" || !isNamed(info.TypeOf(sel.X), "syscall", "RawConn") {
			return false
		}
		return c.listenerResult(scope, sel.X, "SyscallConn", depth+1)
	}
	return false
}

// definingValue is the expression that v is declared with in scope
// (v := x, var v = x, v, err := f() gives f()), if v is declared once
// and never assigned again.
func (c *checker) definingValue(scope inspector.Cursor, v *types.Var) ast.Expr {
	info := c.pass.TypesInfo
	var value ast.Expr
	assigned := 0
	for cur := range scope.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := lhs.(*ast.Ident)
				if !ok || (info.Defs[id] != v && info.Uses[id] != v) {
					continue
				}
				assigned++
				switch {
				case len(n.Lhs) == len(n.Rhs):
					value = n.Rhs[i]
				case len(n.Rhs) == 1 && i == 0:
					value = n.Rhs[0]
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.Defs[id] != v {
					continue
				}
				assigned++
				switch {
				case len(n.Names) == len(n.Values):
					value = n.Values[i]
				case len(n.Values) == 1 && i == 0:
					value = n.Values[0]
				}
			}
		}
	}
	if assigned != 1 {
		return nil
	}
	return value
}

// unconvert strips parentheses and conversions: int(f.Fd()).
func unconvert(info *types.Info, e ast.Expr) ast.Expr {
	for {
		e = ast.Unparen(e)
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return e
		}
		if tv, ok := info.Types[call.Fun]; !ok || !tv.IsType() {
			return e
		}
		e = call.Args[0]
	}
}
