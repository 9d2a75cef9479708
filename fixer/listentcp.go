package fixer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"
	"golang.org/x/tools/go/ast/astutil"
)

// listenTCPCall: a net.ListenTCP whose connections are accepted in
// another function cannot have them configured here, so it listens
// through a configured ListenConfig instead:
//
//	ln, err := net.ListenTCP("tcp", laddr)
//
// becomes
//
//	l, err := (&net.ListenConfig{...}).Listen(context.Background(), "tcp", laddr.String())
//	ln, _ := l.(*net.TCPListener) // <assertComment>
//
// and return net.ListenTCP(...) the same, then return ln, err. The
// comma-ok assertion is ListenTCP's first result exactly: Listen makes
// a *net.TCPListener for a TCP network (MPTCP or not, by the same
// GODEBUG default as ListenTCP), and when it fails its Listener is nil,
// so ln is the typed nil ListenTCP returned, before or without any
// error check. The address is laddr's (listenAddress).
func (f *fixCtx) listenTCPCall() error {
	orig, err := f.siteCall()
	if err != nil {
		return err
	}
	if len(orig.Args) != 2 {
		return fmt.Errorf("net.ListenTCP with %d arguments", len(orig.Args))
	}
	if !onlyTCP(f.site.Networks) {
		return fmt.Errorf("make the network a constant tcp, tcp4 or tcp6")
	}
	path, _ := astutil.PathEnclosingInterval(f.site.File, orig.Pos(), orig.End())
	if len(path) < 2 || path[0] != ast.Node(orig) {
		return fmt.Errorf("cannot find the call")
	}
	switch p := path[1].(type) {
	case *ast.ReturnStmt:
		if len(p.Results) == 1 {
			return f.returnedListener(orig, p, path[1:])
		}
	case *ast.AssignStmt:
		if len(p.Lhs) == 2 && len(p.Rhs) == 1 {
			return f.assignedListener(orig, p, path[1:])
		}
	}
	return fmt.Errorf("assign the listener on its own (ln, err := ...)")
}

// assertComment says why the assertion of Listen's result cannot go
// wrong.
const assertComment = "// nil if Listen failed; a TCP network's listener is a *net.TCPListener"

// onlyTCP reports whether every network of networks is a TCP one,
// which net.ListenTCP accepts.
func onlyTCP(networks []string) bool {
	if len(networks) == 0 {
		return false
	}
	for _, n := range networks {
		if n != "tcp" && n != "tcp4" && n != "tcp6" {
			return false
		}
	}
	return true
}

// configuredListen is (&net.ListenConfig{...}).Listen(ctx, network,
// address) for the site's call, whose arguments it takes.
func (f *fixCtx) configuredListen(orig *ast.CallExpr) (dst.Expr, error) {
	addr, err := f.listenAddress(orig.Args[1])
	if err != nil {
		return nil, err
	}
	network, err := f.ed.twin(orig.Args[0])
	if err != nil {
		return nil, err
	}
	ctx := f.contextAt(orig.Pos())
	lc, err := f.configLiteral("ListenConfig")
	if err != nil {
		return nil, err
	}
	return &dst.CallExpr{
		Fun:  &dst.SelectorExpr{X: &dst.ParenExpr{X: lc}, Sel: dst.NewIdent("Listen")},
		Args: []dst.Expr{ctx, network.(dst.Expr), addr},
	}, nil
}

// asserted is lhs, _ <tok> l.(*net.TCPListener), with assertComment.
func (f *fixCtx) asserted(lhs dst.Expr, tok token.Token, l string) dst.Stmt {
	s := &dst.AssignStmt{
		Lhs: []dst.Expr{lhs, dst.NewIdent("_")},
		Tok: tok,
		Rhs: []dst.Expr{&dst.TypeAssertExpr{X: dst.NewIdent(l), Type: &dst.StarExpr{X: f.qualified("net", "TCPListener")}}},
	}
	s.Decs.End.Append(assertComment)
	return s
}

// returnedListener rewrites return net.ListenTCP(...): whatever the
// function's results, return ln, err returns what the call did.
func (f *fixCtx) returnedListener(orig *ast.CallExpr, ret *ast.ReturnStmt, path []ast.Node) error {
	if _, at := stmtList(path, 0); at < 0 {
		return fmt.Errorf("the return statement is not in a statement list")
	}
	listen, err := f.configuredListen(orig)
	if err != nil {
		return err
	}
	pos := ret.Pos()
	l, ln := f.freeName("l", pos), f.freeName("ln", pos)
	errName := f.errVarName(pos)
	n, err := f.ed.twin(ret)
	if err != nil {
		return err
	}
	define := &dst.AssignStmt{
		Lhs: []dst.Expr{dst.NewIdent(l), dst.NewIdent(errName)},
		Tok: token.DEFINE,
		Rhs: []dst.Expr{listen},
	}
	define.Decs.NodeDecs = *n.Decorations()
	assert := f.asserted(dst.NewIdent(ln), token.DEFINE, l)
	final := &dst.ReturnStmt{Results: []dst.Expr{dst.NewIdent(ln), dst.NewIdent(errName)}}
	_, err = f.replaceStmt(path[1], ret, n, define, assert, final)
	return err
}

// assignedListener rewrites X, E <tok> net.ListenTCP(...): the call's
// statement assigns Listen's results to l and E, the assertion assigns
// X right after it, so that X holds what the call gave, failed or not,
// before anything reads it.
func (f *fixCtx) assignedListener(orig *ast.CallExpr, as *ast.AssignStmt, path []ast.Node) error {
	if _, at := stmtList(path, 0); at < 0 {
		return fmt.Errorf("assign the listener in a statement of its own")
	}
	info := f.site.Info
	x, e := as.Lhs[0], as.Lhs[1]
	if id, ok := x.(*ast.Ident); ok && id.Name == "_" {
		return fmt.Errorf("the listener is discarded")
	}
	if !plainTarget(x) {
		return fmt.Errorf("assign the listener to a variable first")
	}
	listen, err := f.configuredListen(orig)
	if err != nil {
		return err
	}
	pos := as.Pos()
	l := f.freeName("l", pos)
	n, err := f.ed.twin(as)
	if err != nil {
		return err
	}
	twin, ok := n.(*dst.AssignStmt)
	if !ok || len(twin.Lhs) != 2 {
		return fmt.Errorf("the assignment's twin is a %T", n)
	}
	xTwin := twin.Lhs[0]
	assertTok := token.ASSIGN
	if id, ok := x.(*ast.Ident); ok && as.Tok == token.DEFINE && info.Defs[id] != nil {
		assertTok = token.DEFINE // the statement declared it
	}
	stmts := []dst.Stmt{twin}
	// l, E := declares l and reuses E where E is declared in the very
	// scope of the statement: elsewhere it would declare a new E.
	if id, ok := e.(*ast.Ident); as.Tok == token.DEFINE || ok && (id.Name == "_" || declaredHere(f.site.Pkg, info, id, pos)) {
		twin.Tok = token.DEFINE
	} else {
		decl := &dst.DeclStmt{Decl: &dst.GenDecl{Tok: token.VAR, Specs: []dst.Spec{&dst.ValueSpec{
			Names: []*dst.Ident{dst.NewIdent(l)},
			Type:  f.qualified("net", "Listener"),
		}}}}
		decl.Decs.Before = twin.Decs.Before
		twin.Decs.Before = dst.NewLine
		stmts = []dst.Stmt{decl, twin}
	}
	twin.Lhs[0] = dst.NewIdent(l)
	twin.Rhs[0] = listen
	xTwin.Decorations().Before, xTwin.Decorations().After = dst.None, dst.None
	stmts = append(stmts, f.asserted(xTwin, assertTok, l))
	_, err = f.replaceStmt(path[1], as, n, stmts...)
	return err
}

// plainTarget reports whether an assignment to x evaluates nothing
// that the assignment to it in a later statement would evaluate
// differently: a variable or a field of one (s.ln, s.srv.ln).
func plainTarget(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return plainTarget(x.X)
	case *ast.ParenExpr:
		return plainTarget(x.X)
	}
	return false
}

// declaredHere reports whether id names a variable declared in the
// innermost scope at pos, which := there assigns rather than declares.
func declaredHere(pkg *types.Package, info *types.Info, id *ast.Ident, pos token.Pos) bool {
	obj := info.ObjectOf(id)
	scope := pkg.Scope().Innermost(pos)
	return obj != nil && scope != nil && obj.Parent() == scope
}
