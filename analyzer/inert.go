package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// This file owns the rule for a connection or listener that no
// keepalive policy can matter to, because no connection's data ever
// goes through it: a dialed connection that is only closed (a probe:
// is the server up?) and a listener that Go never accepts on (one that
// only reserves a port, or whose fd is taken raw: see listenerfd.go).
// The call that creates such a value is no site.
//
// The value is inert when it is discarded (`_, err := net.Dial(...)`,
// or the call as a statement, deferred or in a go statement), or held
// by a local variable defined by the call's own assignment, every use
// of which in the enclosing function is
//
//   - a call or method value of one of the methods inertMethods allows
//     its role (c.Close(), defer c.Close(), c.RemoteAddr()),
//   - a comparison with nil, or
//   - the value of a new local that obeys the same rule, directly or
//     through a type assertion (tc, ok := c.(*net.TCPConn)).
//
// Any other use lets data through it or lets it escape where this
// function cannot see: Read or Write, an argument, a return, a store
// into a field or an existing variable, any other method or method
// value, a conversion. A variable that existed before the call (a
// named result, a package-level variable, a field) may be used
// anywhere, so it is never inert.
//
// A discarded connection is inert too: nothing ever reads or writes
// it. It stays open until the collector closes it, which is a leak no
// keepalive policy mends, and not kafix's to report.

// inertMethods are, by role, the methods that neither move a
// connection's data nor hand the value on: a connection's addresses
// and Close; a listener's address, deadline and Close, and its fd
// taken raw (whose accepts listenerfd.go reports on their own).
var inertMethods = map[addrRole]map[string]bool{
	dialing:   {"Close": true, "LocalAddr": true, "RemoteAddr": true},
	listening: {"Close": true, "Addr": true, "SetDeadline": true, "File": true, "SyscallConn": true},
}

// inertResult reports whether the connection or listener created by
// the call at cur is inert for role (see above).
func (c *checker) inertResult(cur inspector.Cursor, role addrRole) bool {
	switch cur.Parent().Node().(type) {
	case *ast.ExprStmt, *ast.GoStmt, *ast.DeferStmt:
		return true // its results are discarded
	}
	id := resultIdent(cur)
	return id != nil && c.inertIdent(scopeOf(cur), id, inertMethods[role], 0)
}

// inertIdent reports whether id, which receives the value where it is
// created or copied, is blank or defines a local variable whose every
// use in scope is inert.
func (c *checker) inertIdent(scope inspector.Cursor, id *ast.Ident, methods map[string]bool, depth int) bool {
	if id.Name == "_" {
		return true
	}
	v, ok := c.pass.TypesInfo.Defs[id].(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || depth > maxAliasDepth {
		return false
	}
	return !c.usesOf(scope, v, func(use inspector.Cursor) bool {
		return !c.inertUse(scope, use, methods, depth)
	})
}

// inertUse reports whether use, an identifier that denotes the value,
// is one of the uses the rule allows.
func (c *checker) inertUse(scope, use inspector.Cursor, methods map[string]bool, depth int) bool {
	info := c.pass.TypesInfo
	e := climbAssertions(use)
	switch p := e.Parent().Node().(type) {
	case *ast.SelectorExpr:
		sel, ok := info.Selections[p]
		return ok && p.X == e.Node() && sel.Kind() == types.MethodVal && methods[sel.Obj().Name()]
	case *ast.BinaryExpr:
		other := p.X
		if other == e.Node() {
			other = p.Y
		}
		return (p.Op == token.EQL || p.Op == token.NEQ) && info.Types[other].IsNil()
	case *ast.AssignStmt, *ast.ValueSpec:
		id := resultIdent(e)
		return id != nil && c.inertIdent(scope, id, methods, depth+1)
	}
	return false
}

// climbAssertions climbs from e through parentheses and type
// assertions (ln.(*net.TCPListener)).
func climbAssertions(e inspector.Cursor) inspector.Cursor {
	for {
		switch p := e.Parent().Node().(type) {
		case *ast.ParenExpr:
			e = e.Parent()
			continue
		case *ast.TypeAssertExpr:
			if p.X == e.Node() {
				e = e.Parent()
				continue
			}
		}
		return e
	}
}

// A raw socket is inert in the same way when the call's assignment
// defines the local variable that holds it and every use of that
// variable only sets or reads options or closes it: a test of socket
// options, which never connects, binds, listens or hands the socket
// on. The variable may be the fd (syscall.SetsockoptInt(fd, ...),
// unix.Close(fd)) or a value that holds it (c.SetReadBuffer(n),
// c.GetsockoptString(...), c.Close()).
func (c *checker) inertSocket(cur inspector.Cursor, result int) bool {
	id := resultIdentAt(cur, result)
	if id == nil {
		return false
	}
	v, ok := c.pass.TypesInfo.Defs[id].(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return false
	}
	return !c.usesOf(scopeOf(cur), v, func(use inspector.Cursor) bool {
		return !c.optionsOnlyUse(use)
	})
}

// optionsOnlyUse reports whether use, an identifier that denotes a raw
// socket, only sets or reads its options or closes it.
func (c *checker) optionsOnlyUse(use inspector.Cursor) bool {
	info := c.pass.TypesInfo
	switch p := use.Parent().Node().(type) {
	case *ast.CallExpr: // unix.SetsockoptInt(fd, ...), syscall.Close(fd)
		fn, ok := typeutil.Callee(info, p).(*types.Func)
		if !ok || fn.Pkg() == nil || !isSocketPkg(fn.Pkg().Path()) || len(p.Args) == 0 || p.Args[0] != use.Node() {
			return false
		}
		return optionsOnlyName(fn.Name())
	case *ast.SelectorExpr: // c.SetReadBuffer(n), c.Close()
		sel, ok := info.Selections[p]
		if !ok || p.X != use.Node() || sel.Kind() != types.MethodVal {
			return false
		}
		call, ok := use.Parent().Parent().Node().(*ast.CallExpr)
		return ok && call.Fun == p && optionsOnlyName(p.Sel.Name)
	}
	return false
}

// optionsOnlyName reports whether a function or method of this name,
// given a socket, only sets or reads its options or closes it.
func optionsOnlyName(name string) bool {
	switch name {
	case "Close", "CloseOnExec", "SetNonblock", "ReadBuffer", "WriteBuffer":
		return true
	}
	return strings.HasPrefix(name, "Setsockopt") || strings.HasPrefix(name, "Getsockopt") ||
		strings.HasPrefix(name, "Set") && strings.HasSuffix(name, "Buffer")
}
