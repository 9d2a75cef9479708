package fixer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"github.com/dave/dst"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
)

// listenAddress is the address string that a ListenConfig's Listen
// takes in the place of net.ListenTCP's laddr: ":0" for nil (ListenTCP
// listens on every address, on a port the system picks), laddr.String()
// where laddr cannot be nil (String of a nil *net.TCPAddr is "<nil>",
// which Listen rejects). Listen parses the string back into the very
// address: String writes the IP, zone and port, and an empty IP as
// ":port", every address.
func (f *fixCtx) listenAddress(laddr ast.Expr) (dst.Expr, error) {
	info := f.site.Info
	if tv, ok := info.Types[laddr]; ok && tv.IsNil() {
		return &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(":0")}, nil
	}
	if !f.nonNilAddr(laddr) {
		return nil, fmt.Errorf("set keepalive where Accept is called (its address may be nil)")
	}
	n, err := f.ed.twin(laddr)
	if err != nil {
		return nil, err
	}
	x := n.(dst.Expr)
	if _, ok := x.(*dst.UnaryExpr); ok { // &net.TCPAddr{...}
		x = &dst.ParenExpr{X: x}
	}
	return &dst.CallExpr{Fun: &dst.SelectorExpr{X: x, Sel: dst.NewIdent("String")}}, nil
}

// nonNilAddr reports whether laddr, a *net.TCPAddr, cannot be nil: the
// address of a composite literal, or a local variable that only its
// declaration sets, to such an address or by net.ResolveTCPAddr right
// before a check of its error that leaves, which the site's call
// comes after.
func (f *fixCtx) nonNilAddr(laddr ast.Expr) bool {
	info := f.site.Info
	switch e := ast.Unparen(laddr).(type) {
	case *ast.UnaryExpr:
		_, lit := ast.Unparen(e.X).(*ast.CompositeLit)
		return e.Op == token.AND && lit
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok || v.Parent() == nil || v.Parent() == f.site.Pkg.Scope() {
			return false
		}
		def := soleDefinition(info, f.site.File, v)
		switch {
		case def == nil:
			return false
		case len(def.Lhs) == 1 && len(def.Rhs) == 1: // laddr := &net.TCPAddr{...}
			return f.nonNilAddr(def.Rhs[0])
		case len(def.Lhs) == 2 && len(def.Rhs) == 1: // laddr, err := net.ResolveTCPAddr(...)
			call, ok := ast.Unparen(def.Rhs[0]).(*ast.CallExpr)
			return ok && IsPkgFunc(typeutil.Callee(info, call), "net", "ResolveTCPAddr") && f.checkedBefore(def, laddr)
		}
	}
	return false
}

// soleDefinition is the statement v := ... (or v, err := ...) that
// declares v as its first variable, if it is the only assignment to v
// in its function and nothing takes v's address; nil otherwise.
func soleDefinition(info *types.Info, file *ast.File, v *types.Var) *ast.AssignStmt {
	path, _ := astutil.PathEnclosingInterval(file, v.Pos(), v.Pos())
	if len(path) < 2 {
		return nil
	}
	def, _ := path[1].(*ast.AssignStmt)
	body := enclosingBody(path)
	if def == nil || body == nil || def.Tok != token.DEFINE {
		return nil
	}
	if id, ok := def.Lhs[0].(*ast.Ident); !ok || info.Defs[id] != v {
		return nil
	}
	changed := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.Uses[id] == v {
					changed = true
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == v {
				changed = true
			}
		}
		return !changed
	})
	if changed {
		return nil
	}
	return def
}

// checkedBefore reports whether def, v, err := ..., is followed by a
// check of err that leaves when it fails, and use comes after that
// check, in a later statement of the same list.
func (f *fixCtx) checkedBefore(def *ast.AssignStmt, use ast.Expr) bool {
	info := f.site.Info
	errID, ok := def.Lhs[1].(*ast.Ident)
	if !ok || errID.Name == "_" {
		return false
	}
	path, _ := astutil.PathEnclosingInterval(f.site.File, def.Pos(), def.End())
	list, at := stmtList(path, 0)
	if at < 0 || at+2 >= len(list) {
		return false
	}
	check := list[at+1]
	switch {
	case isErrCheck(check, errID.Name):
		if !leavesBlock(info, check.(*ast.IfStmt).Body) {
			return false
		}
	default:
		if _, goesOn, ok := helperCheckOf(info, check, info.ObjectOf(errID)); !ok || goesOn {
			return false
		}
	}
	last := list[len(list)-1]
	return use.Pos() > check.End() && use.End() <= last.End()
}

// leavesBlock reports whether body ends by leaving the block it is in:
// return, break, continue, panic, os.Exit, log.Fatal or log.Panic, or
// a test's Fatal, FailNow or Skip.
func leavesBlock(info *types.Info, body *ast.BlockStmt) bool {
	if len(body.List) == 0 {
		return false
	}
	switch s := body.List[len(body.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.BREAK || s.Tok == token.CONTINUE
	case *ast.ExprStmt:
		call, ok := ast.Unparen(s.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		switch fn := typeutil.Callee(info, call).(type) {
		case *types.Builtin:
			return fn.Name() == "panic"
		case *types.Func:
			return stops(fn)
		}
	}
	return false
}

// stops reports whether fn never returns to its caller.
func stops(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch Vendorless(fn.Pkg().Path()) {
	case "os":
		return fn.Name() == "Exit"
	case "log":
		switch fn.Name() {
		case "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln":
			return true
		}
	case "testing":
		switch fn.Name() {
		case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
			return fn.Signature().Recv() != nil
		}
	}
	return false
}
