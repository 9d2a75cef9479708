package fixer

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"golang.org/x/tools/go/types/typeutil"
	"slices"

	"github.com/dave/dst"
)

// This file finds the error check that follows a call, in the forms
// errCheckAfter knows.

// A checkForm is how the code checks a call's error.
type checkForm int

const (
	checkNone       checkForm = iota
	checkIf                   // if err != nil { ... }
	checkHelper               // require.NoError(t, err), check(err) (errhelper.go)
	checkBareReturn           // return, of named results that hold the error
)

// checkAfter finds the check of errName after list[at]: checks of
// particular errors may come first (if err == syscall.EINTR {
// continue }), then the check itself, at list[next].
func (f *fixCtx) checkAfter(list []ast.Stmt, at int, errName string, errObj types.Object) (next int, form checkForm) {
	next = at + 1
	for next < len(list) && next <= at+maxErrCases && isErrCase(list[next], errName) {
		next++
	}
	if next >= len(list) {
		return next, checkNone
	}
	if isErrCheck(list[next], errName) {
		return next, checkIf
	}
	if _, _, ok := helperCheckOf(f.site.Info, list[next], errObj); ok {
		return next, checkHelper
	}
	if r, ok := list[next].(*ast.ReturnStmt); ok && next == at+1 && len(r.Results) == 0 {
		return next, checkBareReturn
	}
	return next, checkNone
}

// stmtList is the statement list that holds path[k], in path[k+1],
// and the index of path[k] in it; -1 if it is in none.
func stmtList(path []ast.Node, k int) ([]ast.Stmt, int) {
	if k+1 >= len(path) {
		return nil, -1
	}
	var list []ast.Stmt
	switch c := path[k+1].(type) {
	case *ast.BlockStmt:
		list = c.List
	case *ast.CaseClause:
		list = c.Body
	case *ast.CommClause:
		list = c.Body
	}
	for j, s := range list {
		if s == path[k] {
			return list, j
		}
	}
	return nil, -1
}

// listOf is the dst twin of the statement list of container, a
// block or a case of a switch or select.
func (f *fixCtx) listOf(container ast.Node) (*[]dst.Stmt, error) {
	n, err := f.ed.twin(container)
	if err != nil {
		return nil, err
	}
	switch c := n.(type) {
	case *dst.BlockStmt:
		return &c.List, nil
	case *dst.CaseClause:
		return &c.Body, nil
	case *dst.CommClause:
		return &c.Body, nil
	}
	return nil, fmt.Errorf("the statement is in a %T, not a statement list", n)
}

// sameBranches handles branches that share one check after them:
//
//	if tls {
//		c, err = dialTLS(a)
//	} else {
//		c, err = net.DialTCP("tcp", nil, a)
//	}
//	if err != nil { ... }
//
// path[k] ends a branch of an if-else chain; when every branch,
// the final else included, ends by assigning the same variables as
// lhs, so that whatever branch ran the check is theirs, it returns the
// index in path of the chain's outermost if statement; else -1.
func sameBranches(info *types.Info, path []ast.Node, k int, lhs []*ast.Ident) int {
	if k+2 >= len(path) {
		return -1
	}
	if _, ok := path[k+1].(*ast.BlockStmt); !ok {
		return -1
	}
	j := k + 2
	if _, ok := path[j].(*ast.IfStmt); !ok {
		return -1
	}
	for j+1 < len(path) {
		outer, ok := path[j+1].(*ast.IfStmt)
		if !ok || outer.Else != path[j] {
			break
		}
		j++
	}
	for ifs := path[j].(*ast.IfStmt); ; {
		if !assignsLast(info, ifs.Body, lhs) {
			return -1
		}
		switch e := ifs.Else.(type) {
		case *ast.BlockStmt:
			if !assignsLast(info, e, lhs) {
				return -1
			}
			return j
		case *ast.IfStmt:
			ifs = e
		default: // no final else: a path that assigns nothing
			return -1
		}
	}
}

// A retry loop calls the function of a call again until it works (Go's
// dialTCP against self-connects, which cloudwego/netpoll copies):
//
//	conn, err := socket(...)
//	for i := 0; i < 2 && retry(conn, err); i++ {
//		...
//		conn, err = socket(...)
//	}
//	if err != nil { ... }
//
// The error of both calls is checked after the loop, and the
// connection there is the last attempt's: each call's fix goes after
// that check, the same text at the same place, which drivers merge.

// retriedBy reports whether fs is a loop whose body ends by assigning
// the very variables of lhs from a call of callee.
func retriedBy(info *types.Info, fs *ast.ForStmt, callee *types.Func, lhs []*ast.Ident) bool {
	if callee == nil || !assignsLast(info, fs.Body, lhs) {
		return false
	}
	last := fs.Body.List[len(fs.Body.List)-1].(*ast.AssignStmt)
	c, ok := ast.Unparen(last.Rhs[0]).(*ast.CallExpr)
	return ok && len(last.Rhs) == 1 && typeutil.StaticCallee(info, c) == callee
}

// retryLoopAfter reports whether list[at+1] is a loop that retries the
// call of list[at], whose results go to lhs.
func retryLoopAfter(info *types.Info, list []ast.Stmt, at int, call *ast.CallExpr, lhs []*ast.Ident) bool {
	if at+1 >= len(list) {
		return false
	}
	fs, ok := list[at+1].(*ast.ForStmt)
	return ok && retriedBy(info, fs, typeutil.StaticCallee(info, call), lhs)
}

// retryLoopAround is, for the retried call itself (the last statement
// of a loop's body, path[k] in list), the index on path of the loop,
// when the statement before the loop makes the first attempt: the same
// call assigned to the same variables. -1 otherwise.
func retryLoopAround(info *types.Info, path []ast.Node, k int, list []ast.Stmt, at int, call *ast.CallExpr, lhs []*ast.Ident) int {
	if at != len(list)-1 || k+2 >= len(path) {
		return -1
	}
	fs, ok := path[k+2].(*ast.ForStmt)
	callee := typeutil.StaticCallee(info, call)
	if !ok || path[k+1] != fs.Body || !retriedBy(info, fs, callee, lhs) {
		return -1
	}
	outer, j := stmtList(path, k+2)
	if j < 1 {
		return -1
	}
	first, ok := outer[j-1].(*ast.AssignStmt)
	if !ok || len(first.Rhs) != 1 || len(first.Lhs) != len(lhs) {
		return -1
	}
	c, ok := ast.Unparen(first.Rhs[0]).(*ast.CallExpr)
	if !ok || typeutil.StaticCallee(info, c) != callee {
		return -1
	}
	for i, e := range first.Lhs {
		id, ok := e.(*ast.Ident)
		if !ok || info.ObjectOf(id) == nil || info.ObjectOf(id) != info.ObjectOf(lhs[i]) {
			return -1
		}
	}
	return k + 2
}

// assignsLast reports whether block ends with an assignment (=) to the
// very variables of lhs.
func assignsLast(info *types.Info, block *ast.BlockStmt, lhs []*ast.Ident) bool {
	if len(block.List) == 0 {
		return false
	}
	as, ok := block.List[len(block.List)-1].(*ast.AssignStmt)
	if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != len(lhs) {
		return false
	}
	for i, e := range as.Lhs {
		id, ok := e.(*ast.Ident)
		if !ok || lhs[i] == nil || info.ObjectOf(id) == nil || info.ObjectOf(id) != info.ObjectOf(lhs[i]) {
			return false
		}
	}
	return true
}

// namedResult reports whether obj is a result of the innermost function
// on path.
func (f *fixCtx) namedResult(path []ast.Node, obj types.Object) bool {
	sig := enclosingSignature(f.site.Info, path)
	if sig == nil || obj == nil {
		return false
	}
	for i := range sig.Results().Len() {
		if sig.Results().At(i) == obj {
			return true
		}
	}
	return false
}

// enclosingSignature is the signature of the innermost function on
// path, nil if none.
func enclosingSignature(info *types.Info, path []ast.Node) *types.Signature {
	for _, n := range path {
		var t types.Type
		switch fn := n.(type) {
		case *ast.FuncLit:
			t = info.TypeOf(fn)
		case *ast.FuncDecl:
			if obj := info.Defs[fn.Name]; obj != nil {
				t = obj.Type()
			}
		default:
			continue
		}
		sig, _ := t.(*types.Signature)
		return sig
	}
	return nil
}

// enclosingBody is the body of the innermost function on path, nil if
// none.
func enclosingBody(path []ast.Node) *ast.BlockStmt {
	for _, n := range path {
		switch fn := n.(type) {
		case *ast.FuncDecl:
			return fn.Body
		case *ast.FuncLit:
			return fn.Body
		}
	}
	return nil
}

// maxErrCases bounds the checks of particular errors that may stand
// between a call and its error check.
const maxErrCases = 3

// isErrCase reports whether s is `if err == x { ... }` (or err == x ||
// err == y), without else, and leaves by continue, break or return:
// a check of a particular error that comes before the general one.
func isErrCase(s ast.Stmt, errName string) bool {
	ifs, ok := s.(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) == 0 {
		return false
	}
	switch ifs.Body.List[len(ifs.Body.List)-1].(type) {
	case *ast.BranchStmt, *ast.ReturnStmt:
	default:
		return false
	}
	var isCase func(e ast.Expr) bool
	isCase = func(e ast.Expr) bool {
		b, ok := ast.Unparen(e).(*ast.BinaryExpr)
		if !ok {
			return false
		}
		switch b.Op {
		case token.LOR:
			return isCase(b.X) && isCase(b.Y)
		case token.EQL:
			id, ok := b.X.(*ast.Ident)
			return ok && id.Name == errName
		}
		return false
	}
	return isCase(ifs.Cond)
}

// isErrCheck reports whether s is `if err != nil { ... }`.
func isErrCheck(s ast.Stmt, errName string) bool {
	ifs, ok := s.(*ast.IfStmt)
	return ok && ifs.Init == nil && isErrCond(ifs.Cond, errName)
}

// isErrCond reports whether e is err != nil.
func isErrCond(e ast.Expr, errName string) bool {
	cond, ok := e.(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ {
		return false
	}
	isName := func(e ast.Expr, name string) bool {
		id, ok := e.(*ast.Ident)
		return ok && id.Name == name
	}
	return isName(cond.X, errName) && isName(cond.Y, "nil") || isName(cond.Y, errName) && isName(cond.X, "nil")
}

// errVarName is the name of the error variable that a statement
// inserted at pos declares with :=: err where that reuses an error
// variable visible there that the scope does not declare again later,
// or where err is free (nameFree); else a free err with a number.
func (f *fixCtx) errVarName(pos token.Pos) string {
	errType := types.Universe.Lookup("error").Type()
	scope := f.site.Pkg.Scope().Innermost(pos)
	if _, obj := scope.LookupParent("err", pos); obj != nil {
		if v, ok := obj.(*types.Var); ok && types.Identical(v.Type(), errType) {
			if here := scope.Lookup("err"); here == nil || here == obj {
				return "err"
			}
		}
	}
	return f.freeName("err", pos)
}

// replaceStmt puts stmts in the place of old, the twin of orig,
// whose statement list is container's, and returns their index.
func (f *fixCtx) replaceStmt(container ast.Node, orig ast.Stmt, old dst.Node, stmts ...dst.Stmt) (int, error) {
	list, err := f.listOf(container)
	if err != nil {
		return -1, err
	}
	i := slices.IndexFunc(*list, func(s dst.Stmt) bool { return s == old })
	if i < 0 {
		return -1, fmt.Errorf("cannot find the statement")
	}
	for _, s := range stmts[1:] {
		s.Decorations().Before, s.Decorations().After = dst.NewLine, dst.NewLine
	}
	// dst gives the comment at the end of a clause's last statement
	// to the clause: it stays on that statement's line.
	if i == len(*list)-1 && f.commentAfter(orig) {
		if n, err := f.ed.twin(container); err == nil {
			switch n.(type) {
			case *dst.CaseClause, *dst.CommClause:
				stmts[0].Decorations().End = append(stmts[0].Decorations().End, n.Decorations().End...)
				n.Decorations().End = nil
			}
		}
	}
	*list = slices.Replace(*list, i, i+1, stmts...)
	return i, nil
}

// commentAfter reports whether a comment follows s on its last line.
func (f *fixCtx) commentAfter(s ast.Stmt) bool {
	src := f.site.Src[f.ed.tok.Offset(s.End()):]
	if nl := bytes.IndexByte(src, '\n'); nl >= 0 {
		src = src[:nl]
	}
	src = bytes.TrimSpace(src)
	return bytes.HasPrefix(src, []byte("//")) || bytes.HasPrefix(src, []byte("/*"))
}
