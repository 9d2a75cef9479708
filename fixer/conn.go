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
		return fmt.Errorf("its connections are accepted in another function; configure them there, or listen with a net.ListenConfig")
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
//	if err := (tcpOptions{...}).set(c); err != nil {
//		c.Close()
//		<what the check does>
//	}
//
// The option setter rather than SetKeepAliveConfig: it also sets the
// user timeout, works before go1.23, and skips what a system lacks
// (SetKeepAliveConfig fails on OpenBSD, which has no per-socket
// timers, and the fix would then drop every connection).
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
		return fmt.Errorf("the connection is not assigned to a variable; assign it (c, err := ...) and check its error, or set keepalive on it by hand")
	}
	return f.configureChecked(chk, chk.result.Name, f.site.Info.TypeOf(chk.result), conn.Call.Pos())
}

// configureChecked inserts the configuration of the connection
// connName, of type connType, after chk; pos is where the names it
// declares must be free.
func (f *fixCtx) configureChecked(chk *errCheck, connName string, connType types.Type, pos token.Pos) error {
	target := connName
	tcpName := "" // a net.Conn is asserted to *net.TCPConn first
	if !isTCPConn(connType) {
		tcpName = f.freeName("tc", pos)
		target = tcpName
	}
	set, err := f.setOptions(dst.NewIdent(target))
	if err != nil {
		return err
	}
	closeConn := &dst.ExprStmt{X: &dst.CallExpr{Fun: &dst.SelectorExpr{X: dst.NewIdent(connName), Sel: dst.NewIdent("Close")}}}
	stmts := []dst.Stmt{chk.handle(set, "set TCP keepalive", closeConn)}
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
// check, where the function's results are the call's:
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
// and the check is where the configuration goes. It returns the check,
// the connection's name and its type.
func (f *fixCtx) returnedConn(call *ast.CallExpr, ret *ast.ReturnStmt) (*errCheck, string, types.Type, error) {
	info := f.site.Info
	path, _ := astutil.PathEnclosingInterval(f.site.File, ret.Pos(), ret.End())
	results, _ := info.TypeOf(call).(*types.Tuple)
	sig := enclosingSignature(info, path)
	if results == nil || sig == nil || results.Len() != 2 || !types.Identical(results.At(1).Type(), types.Universe.Lookup("error").Type()) {
		return nil, "", nil, fmt.Errorf("the connection is returned without a variable; assign it (c, err := ...), check its error, then return it")
	}
	if !types.Identical(results, sig.Results()) {
		return nil, "", nil, fmt.Errorf("the connection is returned as %s, not as the call's %s; assign it to a variable (c, err := ...) and check its error before it is returned", sig.Results(), results)
	}
	switch results.At(0).Type().Underlying().(type) {
	case *types.Pointer, *types.Interface:
	default:
		return nil, "", nil, fmt.Errorf("the connection is returned without a variable; assign it (c, err := ...), check its error, then return it")
	}
	if _, at := stmtList(path, 0); at < 0 {
		return nil, "", nil, fmt.Errorf("the return statement is not in a statement list")
	}
	conn := f.freeName("conn", ret.Pos())
	errName := "err"
	if _, obj := f.site.Pkg.Scope().Innermost(ret.Pos()).LookupParent(errName, ret.Pos()); obj != nil {
		if v, ok := obj.(*types.Var); !ok || !types.Identical(v.Type(), results.At(1).Type()) {
			errName = f.freeName(errName, ret.Pos())
		}
	}

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
	check := &dst.IfStmt{
		Cond: &dst.BinaryExpr{X: dst.NewIdent(errName), Op: token.NEQ, Y: dst.NewIdent("nil")},
		Body: &dst.BlockStmt{List: []dst.Stmt{&dst.ReturnStmt{Results: []dst.Expr{dst.NewIdent("nil"), dst.NewIdent(errName)}}}},
	}
	final := &dst.ReturnStmt{Results: []dst.Expr{dst.NewIdent(conn), dst.NewIdent("nil")}}
	for _, s := range []dst.Stmt{check, final} {
		s.Decorations().Before, s.Decorations().After = dst.NewLine, dst.NewLine
	}
	list, err := f.listOf(path[1])
	if err != nil {
		return nil, "", nil, err
	}
	for i, s := range *list {
		if s == retTwin {
			*list = append((*list)[:i], append([]dst.Stmt{define, check, final}, (*list)[i+1:]...)...)
			return &errCheck{errName: errName, check: check, list: list, index: i + 1}, conn, results.At(0).Type(), nil
		}
	}
	return nil, "", nil, fmt.Errorf("cannot find the return statement")
}

// isTCPConn reports whether t is *net.TCPConn.
func isTCPConn(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net" && n.Obj().Name() == "TCPConn"
}
