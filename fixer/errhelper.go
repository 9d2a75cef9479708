package fixer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"github.com/dave/dst"
	"golang.org/x/tools/go/types/typeutil"
)

// Error checks by a helper call rather than an if statement:
//
//	c, err := net.DialTCP("tcp", nil, raddr)
//	require.NoError(t, err)
//
// gives
//
//	require.NoError(t, (tcpOptions{...}).set(c))
//
// the same helper with the inserted call in the error's place. A
// helper is recognised by its type, never by its name: a call
// statement that passes the error, in a position of its own (not the
// variadic tail of log.Print or t.Error), to a parameter of interface
// type (error, any), and returns nothing (require.NoError, a
// project's MustNil(t, err) or check(err), which stop the test or the
// program) or a bool (assert.NoError, which reports and goes on).
//
// A helper that goes on leaves the call's result unusable after a
// failure (a nil *net.TCPConn, whose SyscallConn panics), so the
// inserted code then runs only when the call succeeded:
//
//	assert.NoError(t, err)
//	if err == nil {
//		assert.NoError(t, (tcpOptions{...}).set(c))
//	}
//
// Nothing is closed on failure: the helper either ends the test or
// program, or goes on with the connection as the code did before.

// A helperCheck is an error check by a helper call.
type helperCheck struct {
	stmt *dst.ExprStmt // the check's twin
	arg  int           // the index of the error among its arguments
	// goesOn says the helper reports (returns a bool) rather than
	// stops.
	goesOn bool
}

// helperCheckOf recognises s as an error check of errObj by a helper.
func helperCheckOf(info *types.Info, s ast.Stmt, errObj types.Object) (arg int, goesOn, ok bool) {
	es, isExpr := s.(*ast.ExprStmt)
	if !isExpr || errObj == nil {
		return 0, false, false
	}
	call, isCall := ast.Unparen(es.X).(*ast.CallExpr)
	if !isCall || call.Ellipsis.IsValid() {
		return 0, false, false
	}
	if _, builtin := typeutil.Callee(info, call).(*types.Builtin); builtin {
		return 0, false, false // panic(err) is no check
	}
	if tv, found := info.Types[call.Fun]; !found || tv.IsType() {
		return 0, false, false // a conversion
	}
	sig, isSig := info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !isSig {
		return 0, false, false
	}
	switch res := sig.Results(); {
	case res.Len() == 0:
	case res.Len() == 1 && types.Identical(res.At(0).Type(), types.Typ[types.Bool]):
		goesOn = true
	default:
		return 0, false, false
	}
	fixed := sig.Params().Len()
	if sig.Variadic() {
		fixed--
	}
	arg = -1
	for i, a := range call.Args {
		id, isID := ast.Unparen(a).(*ast.Ident)
		if !isID || info.Uses[id] != errObj {
			continue
		}
		if i >= fixed || !types.IsInterface(sig.Params().At(i).Type()) || arg >= 0 {
			return 0, false, false
		}
		arg = i
	}
	return arg, goesOn, arg >= 0
}

// call is the helper's check of call, which returns an error, in the
// place of the error: require.NoError(t, call). A message among the
// arguments after the error names option instead, and drops its own
// arguments, which speak of the original call.
func (h *helperCheck) call(call dst.Expr, option string) dst.Stmt {
	stmt := dst.Clone(h.stmt).(*dst.ExprStmt)
	stripComments(stmt)
	c := stmt.X.(*dst.CallExpr)
	c.Args[h.arg] = call
	for i := h.arg + 1; i < len(c.Args); i++ {
		if lit, ok := c.Args[i].(*dst.BasicLit); ok && lit.Kind == token.STRING {
			lit.Value = strconv.Quote(option)
			c.Args = c.Args[:i+1]
			break
		}
	}
	return stmt
}

// ifSucceeded wraps stmts, inserted after a helper that goes on, in
// if err == nil { ... }.
func ifSucceeded(errName string, stmts []dst.Stmt) []dst.Stmt {
	for _, s := range stmts {
		s.Decorations().Before = dst.NewLine
		s.Decorations().After = dst.NewLine
	}
	return []dst.Stmt{&dst.IfStmt{
		Cond: &dst.BinaryExpr{X: dst.NewIdent(errName), Op: token.EQL, Y: dst.NewIdent("nil")},
		Body: &dst.BlockStmt{List: stmts},
	}}
}
