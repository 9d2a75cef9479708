package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/kafix/kafix/fixer"
)

// This file finds keepalive wrappers: struct types that hold a
// listener or a Dialer and whose own Accept, or Dial and DialContext,
// turn keepalive on for every connection they hand out, as net/http's
// old tcpKeepAliveListener did:
//
//	type tcpKeepAliveListener struct{ *net.TCPListener }
//
//	func (ln tcpKeepAliveListener) Accept() (net.Conn, error) {
//		tc, err := ln.AcceptTCP()
//		if err != nil {
//			return nil, err
//		}
//		tc.SetKeepAlive(true)
//		return tc, nil
//	}
//
// A listener or Dialer put into such a field (tcpKeepAliveListener{ln})
// has had its connections' keepalive decided: the site that made it is
// covered.

// handOutMethods are, for each kind of field a wrapper holds, the
// methods through which the wrapper hands out its connections.
var handOutMethods = map[string][]string{
	"listener": {"Accept"},
	"dialer":   {"Dial", "DialContext"},
}

// heldKind is "listener" for a net.Listener or a (pointer to a)
// net.TCPListener, "dialer" for a (pointer to a) net.Dialer, else "".
func heldKind(t types.Type) string {
	switch {
	case fixer.IsNamedOrPointer(t, "net", "Listener"), fixer.IsNamedOrPointer(t, "net", "TCPListener"):
		return "listener"
	case fixer.IsNamedOrPointer(t, "net", "Dialer"):
		return "dialer"
	}
	return ""
}

// wrapperFields are the names of the fields of t (a struct type or a
// pointer to one) whose connections t's own methods configure: from a
// keepAliveWrapper fact for a type of another package, found here for
// one of this package, looked for once per type.
func (c *checker) wrapperFields(t types.Type) []string {
	n, ok := types.Unalias(derefType(types.Unalias(t))).(*types.Named)
	if !ok || n.TypeArgs().Len() > 0 || n.TypeParams().Len() > 0 {
		return nil
	}
	obj := n.Obj()
	if obj.Pkg() == nil {
		return nil
	}
	if obj.Pkg() != c.pass.Pkg {
		fact := new(keepAliveWrapper)
		if c.pass.ImportObjectFact(obj, fact) {
			return fact.Fields
		}
		return nil
	}
	if fields, ok := c.wrappers[obj]; ok {
		return fields
	}
	if c.wrappers == nil {
		c.wrappers = make(map[*types.TypeName][]string)
	}
	c.wrappers[obj] = nil // a method that wraps its own type again stops here
	fields := c.configuredFields(n)
	c.wrappers[obj] = fields
	return fields
}

// configuredFields are the listener and Dialer fields of n, a struct
// type of this package, whose connections n's methods configure: every
// method through which n hands them out (Accept; Dial and DialContext,
// whichever n has) is declared by n itself and turns keepalive on for
// every connection it returns, and one of them uses the field. A
// method promoted from the field itself hands out its connections as
// they are.
func (c *checker) configuredFields(n *types.Named) []string {
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var out []string
	for i := range st.NumFields() {
		field := st.Field(i)
		kind := heldKind(field.Type())
		if kind == "" {
			continue
		}
		if c.configuresField(n, i, handOutMethods[kind]) {
			out = append(out, field.Name())
		}
	}
	return out
}

// configuresField reports whether n's methods called names, those it
// has, are all declared by n and hand out only configured connections,
// and one of them at least uses n's field i.
func (c *checker) configuresField(n *types.Named, i int, names []string) bool {
	used := false
	for _, name := range names {
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), true, c.pass.Pkg, name)
		fn, ok := obj.(*types.Func)
		if !ok {
			continue // a dialer without DialContext
		}
		if !isMethodOf(fn, n) {
			return false // promoted from a field: its connections as they are
		}
		decl, ok := c.funcDecl(fn)
		if !ok || !c.handsOutConfigured(decl, n, 0) {
			return false
		}
		used = used || c.usesField(decl, n, i)
	}
	return used
}

// isMethodOf reports whether fn is declared with n, or a pointer to it,
// as its receiver, rather than promoted from a field.
func isMethodOf(fn *types.Func, n *types.Named) bool {
	recv := fn.Signature().Recv()
	return recv != nil && types.Identical(derefType(recv.Type()), n)
}

// usesField reports whether the method declared at decl, of n, uses
// n's field i: selects it, or a field or method promoted through it
// (ln.AcceptTCP() through an embedded *net.TCPListener).
func (c *checker) usesField(decl inspector.Cursor, n *types.Named, i int) bool {
	for cur := range decl.Preorder((*ast.SelectorExpr)(nil)) {
		s := c.pass.TypesInfo.Selections[cur.Node().(*ast.SelectorExpr)]
		if s == nil || s.Kind() != types.FieldVal && len(s.Index()) == 1 {
			continue // not the field, nor promoted through a field
		}
		if s.Index()[0] == i && types.Identical(derefType(s.Recv()), n) {
			return true
		}
	}
	return false
}

// handsOutConfigured reports whether the method declared at decl, an
// Accept or a Dial, turns keepalive on for the connection that each of
// its return statements hands out, before it does: its first result is
// nil, or is returned with an error by the body of an `if err != nil`,
// or is a variable on which the statements before the return, on the
// way to it, turn keepalive on (behind a condition too: a decision);
// or it returns what another of n's methods that does so returns
// (Dial calling DialContext).
func (c *checker) handsOutConfigured(decl inspector.Cursor, n *types.Named, depth int) bool {
	if depth > maxAliasDepth {
		return false
	}
	info := c.pass.TypesInfo
	fd := decl.Node().(*ast.FuncDecl)
	fn, ok := info.Defs[fd.Name].(*types.Func)
	if !ok {
		return false
	}
	results := fn.Signature().Results()
	if results.Len() == 0 {
		return false
	}
	returns := 0
	for cur := range decl.Preorder((*ast.ReturnStmt)(nil)) {
		ret := cur.Node().(*ast.ReturnStmt)
		if enclosingFunc(cur) != fd {
			continue // a function literal's return
		}
		returns++
		var conn types.Object
		switch {
		case len(ret.Results) == 0: // a bare return of named results
			conn = results.At(0)
			if !c.assignedIn(decl, conn) {
				continue // never set: nil
			}
		case len(ret.Results) != results.Len():
			if !c.returnsConfiguredMethod(ret.Results[0], n, depth) {
				return false // return l.Listener.Accept()
			}
			continue
		case info.Types[ret.Results[0]].IsNil():
			continue
		case c.errorPath(cur, ret):
			continue
		default:
			id, ok := ast.Unparen(ret.Results[0]).(*ast.Ident)
			if !ok {
				return false
			}
			conn = info.Uses[id]
		}
		if !c.configuredBefore(decl, conn, cur, 0) {
			return false
		}
	}
	return returns > 0
}

// returnsConfiguredMethod reports whether e, a returned call, calls
// another method of n that hands out only configured connections.
func (c *checker) returnsConfiguredMethod(e ast.Expr, n *types.Named, depth int) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || !isMethodOf(fn, n) {
		return false
	}
	decl, ok := c.funcDecl(fn)
	return ok && c.handsOutConfigured(decl, n, depth+1)
}

// enclosingFunc is the innermost function declaration or literal
// around cur.
func enclosingFunc(cur inspector.Cursor) ast.Node {
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return fn.Node()
	}
	return nil
}

// errorPath reports whether ret, at cur, returns an error variable in
// the body of an `if err != nil` that tests it: a connection returned
// with it is not one that callers use.
func (c *checker) errorPath(cur inspector.Cursor, ret *ast.ReturnStmt) bool {
	id, ok := ast.Unparen(ret.Results[len(ret.Results)-1]).(*ast.Ident)
	if !ok {
		return false
	}
	errVar := c.pass.TypesInfo.Uses[id]
	if errVar == nil || !types.Identical(errVar.Type(), types.Universe.Lookup("error").Type()) {
		return false
	}
	for ifCur := range cur.Enclosing((*ast.IfStmt)(nil)) {
		ifs := ifCur.Node().(*ast.IfStmt)
		bin, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr)
		if !ok || bin.Op != token.NEQ || ret.Pos() < ifs.Body.Pos() || ret.End() > ifs.Body.End() {
			continue
		}
		x, ok := ast.Unparen(bin.X).(*ast.Ident)
		if ok && c.pass.TypesInfo.Uses[x] == errVar && c.pass.TypesInfo.Types[bin.Y].IsNil() {
			return true
		}
	}
	return false
}

// assignedIn reports whether v, a named result, is assigned (or has its
// address taken) in the function declared at decl.
func (c *checker) assignedIn(decl inspector.Cursor, v types.Object) bool {
	return c.usesOf(decl, v, func(use inspector.Cursor) bool {
		switch p := use.Parent().Node().(type) {
		case *ast.AssignStmt:
			return assignsWhole(use)
		case *ast.UnaryExpr:
			return p.Op == token.AND
		}
		return false
	})
}

// configuredBefore reports whether, in the function declared at decl,
// code that runs before the return at ret on every way to it turns
// keepalive on for v, itself or through a copy or type assertion of it
// (if tc, ok := c.(*net.TCPConn); ok { tc.SetKeepAlive(true) }).
func (c *checker) configuredBefore(decl inspector.Cursor, v types.Object, ret inspector.Cursor, depth int) bool {
	if v == nil || depth > maxAliasDepth {
		return false
	}
	info := c.pass.TypesInfo
	return c.usesOf(decl, v, func(use inspector.Cursor) bool {
		if !runsBefore(use, ret) {
			return false
		}
		e := climbAssertions(use)
		if as, ok := e.Parent().Node().(*ast.AssignStmt); ok && assignedValueIndex(as, e.Node()) >= 0 {
			alias := assignedVar(info, as, e.Node())
			return alias != v && c.configuredBefore(decl, alias, ret, depth+1)
		}
		return c.enablesAt(decl, use, depth)
	})
}

// assignedValueIndex is the index of rhs among as's right-hand sides,
// or -1.
func assignedValueIndex(as *ast.AssignStmt, rhs ast.Node) int {
	for i, r := range as.Rhs {
		if r == rhs {
			return i
		}
	}
	return -1
}

// runsBefore reports whether the statement holding use runs before
// ret on every way to ret: it is an earlier statement of a block that
// holds ret (or inside one, behind a condition or in a loop), and the
// blocks that hold use inside it do not leave it by returning or
// branching after use.
func runsBefore(use, ret inspector.Cursor) bool {
	if use.Node().End() > ret.Node().Pos() {
		return false
	}
	for stmt := ret; ; stmt = stmt.Parent() {
		list := stmt.Parent()
		switch list.Node().(type) {
		case *ast.FuncDecl, *ast.FuncLit, *ast.File:
			return false
		}
		if !isStmtList(list.Node()) {
			continue
		}
		if earlier, ok := ancestorIn(use, list); ok && earlier.Node().End() <= stmt.Node().Pos() {
			return fallsThrough(use, earlier)
		}
	}
}

// isStmtList reports whether n holds a list of statements run in order.
func isStmtList(n ast.Node) bool {
	switch n.(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		return true
	}
	return false
}

// ancestorIn is the ancestor of cur (or cur itself) whose parent is
// list.
func ancestorIn(cur, list inspector.Cursor) (inspector.Cursor, bool) {
	for a := cur; a.Node() != nil; a = a.Parent() {
		if a.Parent().Node() == list.Node() {
			return a, true
		}
		if _, ok := a.Node().(*ast.File); ok {
			break
		}
	}
	return inspector.Cursor{}, false
}

// fallsThrough reports whether control that reaches use goes on to the
// end of stmt, an ancestor statement of use: no block between them
// returns, branches or panics after the statement that holds use.
func fallsThrough(use, stmt inspector.Cursor) bool {
	for a := use; a.Node() != stmt.Node(); a = a.Parent() {
		if !isStmtList(a.Parent().Node()) {
			continue
		}
		for next, ok := a.NextSibling(); ok; next, ok = next.NextSibling() {
			if terminates(next.Node()) {
				return false
			}
		}
	}
	return true
}

// terminates reports whether s, a statement, leaves the block it is in:
// a return, a branch or a call of panic.
func terminates(s ast.Node) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		call, ok := s.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		return ok && id.Name == "panic"
	}
	return false
}

// heldByWrapper reports whether e is the value given to a field of a
// composite literal whose type configures the connections of that
// field (see wrapperFields): tcpKeepAliveListener{ln},
// &keepAliveListener{Listener: ln}, &dialer{d: &net.Dialer{...}}.
func (c *checker) heldByWrapper(e inspector.Cursor) bool {
	var lit *ast.CompositeLit
	name := ""
	switch p := e.Parent().Node().(type) {
	case *ast.KeyValueExpr:
		lit, _ = e.Parent().Parent().Node().(*ast.CompositeLit)
		key, ok := p.Key.(*ast.Ident)
		if lit == nil || p.Value != e.Node() || !ok {
			return false
		}
		name = key.Name
	case *ast.CompositeLit:
		lit = p
		st, ok := derefType(c.pass.TypesInfo.TypeOf(lit)).Underlying().(*types.Struct)
		i := indexOfExpr(lit.Elts, e.Node().(ast.Expr))
		if !ok || i < 0 || i >= st.NumFields() {
			return false
		}
		name = st.Field(i).Name()
	default:
		return false
	}
	for _, f := range c.wrapperFields(c.pass.TypesInfo.TypeOf(lit)) {
		if f == name {
			return true
		}
	}
	return false
}

// isWrapperLit reports whether n is a composite literal of a keepalive
// wrapper type: a cheap filter for the functions that may put a
// parameter into one (see mayEnableKeepAlive).
func (c *checker) isWrapperLit(n ast.Node) bool {
	lit, ok := n.(*ast.CompositeLit)
	if !ok {
		return false
	}
	t := c.pass.TypesInfo.TypeOf(lit)
	nt, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	if st, ok := nt.Underlying().(*types.Struct); ok && !holdsHeld(st) {
		return false
	}
	return len(c.wrapperFields(t)) > 0
}

// holdsHeld reports whether st has a listener or Dialer field.
func holdsHeld(st *types.Struct) bool {
	for i := range st.NumFields() {
		if heldKind(st.Field(i).Type()) != "" {
			return true
		}
	}
	return false
}

// exportWrappers exports a keepAliveWrapper fact for each struct type
// of this package declared at package level that configures the
// connections of some of its fields, so that importers' literals of it
// are covered too. It reports whether it exported one.
func (c *checker) exportWrappers() bool {
	exported := false
	scope := c.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); !ok || !holdsHeld(st) {
			continue
		}
		if fields := c.wrapperFields(tn.Type()); len(fields) > 0 {
			c.pass.ExportObjectFact(tn, &keepAliveWrapper{Fields: fields})
			exported = true
		}
	}
	return exported
}
