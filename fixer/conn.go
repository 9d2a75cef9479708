package fixer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"
	"golang.org/x/tools/go/ast/astutil"
)

// connCreated configures each connection right after its creating
// call's own error check: net.DialTCP, or the Accept calls of a
// net.ListenTCP listener.
func (f *fixCtx) connCreated() error {
	if len(f.site.Conns) == 0 {
		return fmt.Errorf("set keepalive where Accept is called")
	}
	for _, conn := range f.site.Conns {
		if err := f.configureConn(conn); err != nil {
			return err
		}
	}
	return nil
}

// configureConn inserts, after conn's error check:
//
//	if err := c.SetKeepAliveConfig(net.KeepAliveConfig{...}); err != nil {
//		c.Close()
//		<what the check does>
//	}
//
// or SetKeepAlivePeriod before go1.23, or the option setter's
// (tcpOptions{...}).set(c) where a flag asks for it (setOptions). Where
// the file builds for OpenBSD, SetKeepAliveConfig and
// SetKeepAlivePeriod fail there (no per-socket timers), and handling
// that error would drop every connection: the fix ignores it, as
// net.Dialer does.
func (f *fixCtx) configureConn(conn Conn) error {
	if conn.Call == nil {
		return fmt.Errorf("no call creates the connection")
	}
	if ret := returnOf(f.site.File, conn.Call); ret != nil {
		chk, name, typ, err := f.returnedConn(conn.Call, ret)
		if err != nil {
			return err
		}
		return f.configureChecked(chk, name, typ, ret.Pos())
	}
	chk, err := f.errCheckAfter(conn.Call)
	if err != nil {
		return err
	}
	if chk.result == nil {
		return fmt.Errorf("assign the connection to a variable and check its error")
	}
	return f.configureChecked(chk, chk.result.Name, f.site.Info.TypeOf(chk.result), conn.Call.Pos())
}

// configureChecked inserts the configuration of the connection
// connName, of type connType, after chk; pos is where the names it
// declares must be free.
func (f *fixCtx) configureChecked(chk *errCheck, connName string, connType types.Type, pos token.Pos) error {
	target := connName
	tcpName := "" // a net.Conn is asserted to *net.TCPConn first
	if !isTCPConn(connType) && !isHolder(connType) {
		tcpName = f.freeName("tc", pos)
		target = tcpName
	}
	setOptions := f.setOptions
	holder := isHolder(connType) && !isTCPConn(connType)
	if holder {
		setOptions = f.setterSet // it has no SetKeepAliveConfig
	}
	set, err := setOptions(dst.NewIdent(target))
	if err != nil {
		return err
	}
	closeConn := &dst.ExprStmt{X: &dst.CallExpr{Fun: &dst.SelectorExpr{X: dst.NewIdent(connName), Sel: dst.NewIdent("Close")}}}
	stmts := []dst.Stmt{chk.handle(set, "set TCP keepalive", closeConn)}
	if f.setterErrorIgnored() && !holder {
		ignored := &dst.AssignStmt{Lhs: []dst.Expr{dst.NewIdent("_")}, Tok: token.ASSIGN, Rhs: []dst.Expr{set}}
		ignored.Decs.End.Append("// as net.Dialer does: it fails on OpenBSD, which has no per-socket timers")
		stmts = []dst.Stmt{ignored}
	}
	if tcpName != "" {
		stmts = []dst.Stmt{&dst.IfStmt{
			Init: &dst.AssignStmt{
				Lhs: []dst.Expr{dst.NewIdent(tcpName), dst.NewIdent("ok")},
				Tok: token.DEFINE,
				Rhs: []dst.Expr{&dst.TypeAssertExpr{X: dst.NewIdent(connName), Type: &dst.StarExpr{X: f.qualified("net", "TCPConn")}}},
			},
			Cond: dst.NewIdent("ok"),
			Body: &dst.BlockStmt{List: stmts},
		}}
	}
	return f.insertAfter(chk, f.guard(stmts))
}

// isHolder reports whether t is a concrete type other than
// *net.TCPConn, a value that holds a socket and gives it through
// SyscallConn (a socket constructor's *Conn): the setter takes it as
// it is, where a net.Conn is asserted to *net.TCPConn first. An
// unknown type (code that does not type-check) is no holder.
func isHolder(t types.Type) bool {
	if t == nil {
		return false
	}
	_, isIface := t.Underlying().(*types.Interface)
	return !isIface
}

// returnOf is the statement `return call`, if call is returned as it
// is; nil otherwise.
func returnOf(file *ast.File, call *ast.CallExpr) *ast.ReturnStmt {
	path, _ := astutil.PathEnclosingInterval(file, call.Pos(), call.End())
	if len(path) < 2 || path[0] != ast.Node(call) {
		return nil
	}
	ret, ok := path[1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil
	}
	return ret
}

// returnedConn gives a returned connection a variable and an error
// check:
//
//	return net.DialTCP("tcp", nil, raddr)
//
// becomes
//
//	conn, err := net.DialTCP("tcp", nil, raddr)
//	if err != nil {
//		return nil, err
//	}
//	return conn, nil
//
// and the check is where the configuration goes. Where the function's
// results are not the call's ((net.Conn, error) for DialTCP's), the
// failed call's connection is returned as it was, a typed nil that the
// result holds (return conn, err), and the configuration's own failure
// returns nil. Deferred functions that may read named results refuse
// the fix: on that new failure they would see nil. It returns the
// check, the connection's name and its type.
func (f *fixCtx) returnedConn(call *ast.CallExpr, ret *ast.ReturnStmt) (*errCheck, string, types.Type, error) {
	info := f.site.Info
	path, _ := astutil.PathEnclosingInterval(f.site.File, ret.Pos(), ret.End())
	results, _ := info.TypeOf(call).(*types.Tuple)
	sig := enclosingSignature(info, path)
	if results == nil || sig == nil || results.Len() != 2 || !types.Identical(results.At(1).Type(), types.Universe.Lookup("error").Type()) {
		return nil, "", nil, fmt.Errorf("assign the connection to a variable before returning it")
	}
	same := types.Identical(results, sig.Results())
	if sig.Results().At(0).Name() != "" && defersBefore(path, ret.Pos()) {
		return nil, "", nil, fmt.Errorf("return a local variable (a deferred function reads the results)")
	}
	switch results.At(0).Type().Underlying().(type) {
	case *types.Pointer, *types.Interface:
	default:
		return nil, "", nil, fmt.Errorf("assign the connection to a variable before returning it")
	}
	if _, at := stmtList(path, 0); at < 0 {
		return nil, "", nil, fmt.Errorf("the return statement is not in a statement list")
	}
	conn := f.freeName("conn", ret.Pos())
	errName := f.errVarName(ret.Pos())

	n, err := f.ed.twin(ret)
	if err != nil {
		return nil, "", nil, err
	}
	retTwin, ok := n.(*dst.ReturnStmt)
	if !ok || len(retTwin.Results) != 1 {
		return nil, "", nil, fmt.Errorf("the return statement's twin is a %T", n)
	}
	define := &dst.AssignStmt{
		Lhs: []dst.Expr{dst.NewIdent(conn), dst.NewIdent(errName)},
		Tok: token.DEFINE,
		Rhs: []dst.Expr{retTwin.Results[0]},
	}
	define.Decs.NodeDecs = retTwin.Decs.NodeDecs
	ifFailed := func(conn string) *dst.IfStmt {
		return &dst.IfStmt{
			Cond: &dst.BinaryExpr{X: dst.NewIdent(errName), Op: token.NEQ, Y: dst.NewIdent("nil")},
			Body: &dst.BlockStmt{List: []dst.Stmt{&dst.ReturnStmt{Results: []dst.Expr{dst.NewIdent(conn), dst.NewIdent(errName)}}}},
		}
	}
	// form is the check that the configuration's check copies.
	check, form := ifFailed("nil"), ifFailed("nil")
	if !same {
		check = ifFailed(conn) // the typed nil, as the call returned it
	}
	final := &dst.ReturnStmt{Results: []dst.Expr{dst.NewIdent(conn), dst.NewIdent("nil")}}
	i, err := f.replaceStmt(path[1], ret, retTwin, define, check, final)
	if err != nil {
		return nil, "", nil, err
	}
	list, err := f.listOf(path[1])
	if err != nil {
		return nil, "", nil, err
	}
	return &errCheck{errName: errName, check: form, list: list, index: i + 1}, conn, results.At(0).Type(), nil
}

// defersBefore reports whether the innermost function on path defers
// a call before pos.
func defersBefore(path []ast.Node, pos token.Pos) bool {
	body := enclosingBody(path)
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its defers are its own
		case *ast.DeferStmt:
			found = found || n.Pos() < pos
		}
		return !found
	})
	return found
}

// isTCPConn reports whether t is *net.TCPConn.
func isTCPConn(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && IsNamed(p.Elem(), "net", "TCPConn")
}
