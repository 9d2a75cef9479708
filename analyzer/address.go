package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"net"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
)

// This file evaluates the network and address arguments of a dial or
// listen: a constant, or a local variable whose every assignment in
// the function is one (network, address := "unix", path), counts as
// those constants.

// constStrings returns the constant strings that e may hold at a call
// in scope: its value if it is a constant, or the values of every
// assignment of a local variable that is only ever assigned constants.
func (c *checker) constStrings(scope inspector.Cursor, e ast.Expr) ([]string, bool) {
	info := c.pass.TypesInfo
	if s, ok := constString(info, e); ok {
		return []string{s}, true
	}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil, false
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || v.IsField() {
		return nil, false
	}
	var vals []string
	assigned := true
	for cur := range scope.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil), (*ast.RangeStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if lid, ok := lhs.(*ast.Ident); !ok || (info.Defs[lid] != v && info.Uses[lid] != v) {
					continue
				}
				s, ok := "", false
				if len(n.Lhs) == len(n.Rhs) && (n.Tok == token.DEFINE || n.Tok == token.ASSIGN) {
					s, ok = constString(info, n.Rhs[i])
				}
				if !ok {
					assigned = false
				}
				vals = append(vals, s)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if info.Defs[name] != v {
					continue
				}
				switch {
				case len(n.Values) == 0:
					vals = append(vals, "") // the zero value
				case len(n.Values) == len(n.Names):
					s, ok := constString(info, n.Values[i])
					assigned = assigned && ok
					vals = append(vals, s)
				default:
					assigned = false
				}
			}
		case *ast.UnaryExpr: // &v: anyone may write it
			if n.Op == token.AND {
				if x, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.Uses[x] == v {
					assigned = false
				}
			}
		case *ast.RangeStmt:
			for _, x := range []ast.Expr{n.Key, n.Value} {
				if x, ok := x.(*ast.Ident); ok && (info.Defs[x] == v || info.Uses[x] == v) {
					assigned = false
				}
			}
		}
	}
	if !assigned || len(vals) == 0 {
		return nil, false
	}
	return vals, true
}

// tcpNetwork reports whether e, a network argument at a call in scope,
// names TCP: a constant "tcp", "tcp4" or "tcp6" (or a local variable
// that may hold one), or a value that is not a constant (maybe).
func (c *checker) tcpNetwork(scope inspector.Cursor, e ast.Expr) (tcp, maybe bool) {
	vals, ok := c.constStrings(scope, e)
	if !ok {
		return true, true
	}
	for _, s := range vals {
		switch s {
		case "tcp", "tcp4", "tcp6":
			return true, false
		}
	}
	return false, false
}

// loopbackAddress reports whether e, an address argument at a call in
// scope, is always a loopback address (127.0.0.0/8, ::1, localhost,
// with or without a port). When a loopback peer dies, the kernel
// closes the connection at once: keepalive cannot matter there.
func (c *checker) loopbackAddress(scope inspector.Cursor, e ast.Expr) bool {
	vals, ok := c.constStrings(scope, e)
	if !ok {
		return false
	}
	for _, s := range vals {
		if !isLoopback(s) {
			return false
		}
	}
	return true
}

func isLoopback(addr string) bool {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
