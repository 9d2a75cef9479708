package analyzer

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/kafix/kafix/fixer"
)

// keepAliveNames are the identifiers without which a function cannot
// turn keepalive on (short of calling a helper that does).
var keepAliveNames = map[string]bool{
	"SetKeepAlive":       true,
	"SetKeepAliveConfig": true,
	"SetKeepAlivePeriod": true,
	"KeepAlive":          true,
	"KeepAliveConfig":    true,
	"SO_KEEPALIVE":       true,
	"Control":            true,
	"ControlContext":     true,
}

// findKeepAliveHelpers records the functions of this package that
// turn keepalive on for one of their parameters, such as
//
//	func tune(c *net.TCPConn) error { return c.SetKeepAlive(true) }
//
// A helper may call another helper, so it iterates until nothing new
// is found.
func (c *checker) findKeepAliveHelpers() {
	for {
		found := false
		for cur := range c.insp.Root().Preorder((*ast.FuncDecl)(nil)) {
			decl := cur.Node().(*ast.FuncDecl)
			fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if !ok || decl.Body == nil || c.enables[fn] != nil {
				continue
			}
			if isOptionSetter(decl) {
				c.enables[fn] = &setsKeepAlive{Params: allParams(fn)}
				found = true
				continue
			}
			if !c.mayEnableKeepAlive(decl.Body) {
				continue
			}
			if params := c.paramsEnabled(cur, fn); len(params) > 0 {
				c.enables[fn] = &setsKeepAlive{Params: params, Helper: c.fdHelperOf(decl, fn, params)}
				found = true
			}
		}
		if !found {
			return
		}
	}
}

// isOptionSetter reports whether decl is one of the functions of the
// option setter that kafix's fixes declare (marked //kafix:sockopt):
// each turns keepalive on for the socket, connection or fd it is
// given, and sets the user timeout; the analyzer cannot see that
// through the option numbers it picks per system.
func isOptionSetter(decl *ast.FuncDecl) bool {
	if decl.Doc == nil {
		return false
	}
	for _, c := range decl.Doc.List {
		if strings.TrimSpace(c.Text) == fixer.SockoptDirective {
			return true
		}
	}
	return false
}

func allParams(fn *types.Func) []int {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return nil
	}
	params := make([]int, sig.Params().Len())
	for i := range params {
		params[i] = i
	}
	return params
}

// paramsEnabled lists the parameters of fn, declared at cur, on which
// its body turns keepalive on.
func (c *checker) paramsEnabled(cur inspector.Cursor, fn *types.Func) []int {
	var params []int
	sig := fn.Signature()
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		if p.Name() == "" || p.Name() == "_" {
			continue
		}
		if c.enabledOn(cur, p, 0) || c.controlParam(cur, p) {
			params = append(params, i)
		}
	}
	return params
}

// controlParam reports whether p is a syscall.RawConn parameter of a
// function, like a Dialer's Control, that sets SO_KEEPALIVE.
func (c *checker) controlParam(cur inspector.Cursor, p *types.Var) bool {
	return fixer.IsNamedOrPointer(p.Type(), "syscall", "RawConn") && c.setsKeepAliveOnAnFD(cur.Node())
}

// mayEnableKeepAlive is a cheap filter: body names a keepalive API,
// calls a known helper or makes a keepalive wrapper.
func (c *checker) mayEnableKeepAlive(body *ast.BlockStmt) bool {
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			found = found || keepAliveNames[n.Name]
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && fn.Pkg() != nil {
				found = found || c.enablesFact(fn) != nil
			}
		case *ast.CompositeLit: // &keepAliveListener{Listener: ln}
			found = found || c.isWrapperLit(n)
		}
		return !found
	})
	return found
}
