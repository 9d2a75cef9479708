package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// This file narrows a network variable by the branch that reads it:
//
//	switch network {
//	case "unix":
//		var d net.Dialer
//		return d.DialContext(ctx, network, addr) // network is "unix" here
//	}
//
// In the body of a case clause of a switch on a local variable, or of
// an if whose condition compares it with constants, the variable holds
// one of those constants, as long as nothing in that body writes it
// and no function literal may have changed it meanwhile.

// branchStrings returns the constant strings that e, a local variable
// (or parameter) read in scope, holds there because of the innermost
// branch that tests it: a case clause of `switch e`, of a switch with
// no tag whose cases compare it (case e == "unix"), or the body of an
// if whose condition does. It fails outside such a branch, in a
// function literal within it (which may run once the variable has
// changed), and when the branch body writes the variable, its address
// is taken, or a function literal assigns it.
func (c *checker) branchStrings(scope inspector.Cursor, e ast.Expr) ([]string, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil, false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil, false
	}
	use, ok := scope.FindNode(id)
	if !ok {
		return nil, false
	}
	for cur := use; cur != scope; cur = cur.Parent() {
		switch cur.Parent().Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil, false
		}
		strs, body, ok := c.branchTest(cur, v)
		if !ok {
			continue
		}
		if c.writtenIn(body, v) || c.writtenIndirectly(scope, v) {
			return nil, false
		}
		return strs, true
	}
	return nil, false
}

// branchTest reports whether cur is the body of a branch that tests
// v against constants, and which strings v holds there: the body of
// an if (its condition, see condStrings), or of a case clause (its
// switch's tag is v and its cases are constants, or it has no tag and
// its cases are conditions on v). A clause that a fallthrough enters
// is not narrowed, nor is a default clause.
func (c *checker) branchTest(cur inspector.Cursor, v *types.Var) (strs []string, body inspector.Cursor, ok bool) {
	info := c.pass.TypesInfo
	k, _ := cur.ParentEdge()
	switch k {
	case edge.IfStmt_Body:
		strs, ok = condStrings(info, cur.Parent().Node().(*ast.IfStmt).Cond, v)
		return strs, cur, ok
	case edge.CaseClause_Body:
	default:
		return nil, cur, false
	}
	clause := cur.Parent().Node().(*ast.CaseClause)
	sw, isSwitch := cur.Parent().Parent().Parent().Node().(*ast.SwitchStmt)
	if !isSwitch || len(clause.List) == 0 || enteredByFallthrough(sw, clause) {
		return nil, cur, false
	}
	if sw.Tag != nil && !isVar(info, sw.Tag, v) {
		return nil, cur, false
	}
	for _, x := range clause.List {
		var xs []string
		if sw.Tag == nil { // case network == "unix":
			xs, ok = condStrings(info, x, v)
		} else { // switch network { case "unix":
			var s string
			s, ok = constString(info, x)
			xs = []string{s}
		}
		if !ok {
			return nil, cur, false
		}
		strs = append(strs, xs...)
	}
	return strs, cur.Parent(), true
}

// condStrings returns the constant strings that v holds where cond is
// true: v == "unix" (either way round), a || of such conditions, or a
// && with one.
func condStrings(info *types.Info, cond ast.Expr, v *types.Var) ([]string, bool) {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return nil, false
	}
	switch b.Op {
	case token.EQL:
		for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
			if s, ok := constString(info, pair[1]); ok && isVar(info, pair[0], v) {
				return []string{s}, true
			}
		}
	case token.LOR:
		x, okx := condStrings(info, b.X, v)
		y, oky := condStrings(info, b.Y, v)
		return append(x, y...), okx && oky
	case token.LAND:
		x, okx := condStrings(info, b.X, v)
		y, oky := condStrings(info, b.Y, v)
		switch {
		case okx && oky:
			return slices.DeleteFunc(x, func(s string) bool { return !slices.Contains(y, s) }), true
		case okx:
			return x, true
		case oky:
			return y, true
		}
	}
	return nil, false
}

// isVar reports whether e is the variable v.
func isVar(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == v
}

// enteredByFallthrough reports whether the clause before clause in sw
// ends with a fallthrough, which enters clause with that clause's
// values.
func enteredByFallthrough(sw *ast.SwitchStmt, clause *ast.CaseClause) bool {
	i := slices.Index(sw.Body.List, ast.Stmt(clause))
	if i <= 0 {
		return false
	}
	prev := sw.Body.List[i-1].(*ast.CaseClause).Body
	if len(prev) == 0 {
		return false
	}
	br, ok := prev[len(prev)-1].(*ast.BranchStmt)
	return ok && br.Tok == token.FALLTHROUGH
}

// writtenIn reports whether code in body assigns v, changes it with
// an operator (+=, ++), or ranges into it.
func (c *checker) writtenIn(body inspector.Cursor, v *types.Var) bool {
	info := c.pass.TypesInfo
	for cur := range body.Preorder((*ast.AssignStmt)(nil), (*ast.IncDecStmt)(nil), (*ast.RangeStmt)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			if slices.ContainsFunc(n.Lhs, func(l ast.Expr) bool { return isVar(info, l, v) }) {
				return true
			}
		case *ast.IncDecStmt:
			if isVar(info, n.X, v) {
				return true
			}
		case *ast.RangeStmt:
			if n.Key != nil && isVar(info, n.Key, v) || n.Value != nil && isVar(info, n.Value, v) {
				return true
			}
		}
	}
	return false
}
