package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// This file finds socket constructors: functions that pass their
// parameters into Socket (or into another constructor) and return the
// fd, and exports them as socketConstructor facts.

// ctorFact is fn's socketConstructor fact, from this package or an
// imported one; nil if it has none.
func (c *checker) ctorFact(fn *types.Func) *socketConstructor {
	if fact, ok := c.ctors[fn]; ok {
		return fact
	}
	if fn.Pkg() == c.pass.Pkg {
		return nil
	}
	fact := new(socketConstructor)
	if c.pass.ImportObjectFact(fn.Origin(), fact) {
		return fact
	}
	return nil
}

// findSocketConstructors records the functions of this package that
// pass their parameters into a Socket call (directly or through
// another constructor) and return the fd, such as
//
//	func sysSocket(family, sotype, proto int) (int, error)
//
// A call is a site only where its arguments make a TCP socket, so the
// constructor's body is never reported for its UDP, unix, vsock or
// packet callers. A function whose own constants already make a TCP
// socket and that returns the fd is a constructor too when its
// callers can be followed (see handsOutFD): each of its calls is then
// a site unless the caller turns keepalive on for the fd it receives.
func (c *checker) findSocketConstructors() {
	type candidate struct {
		fn   inspector.Cursor // the function declaration
		call inspector.Cursor
	}
	var calls []candidate
	var current inspector.Cursor
	var end token.Pos // of the current declaration
	for cur := range c.insp.Root().Preorder((*ast.FuncDecl)(nil), (*ast.CallExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncDecl:
			current, end = cur, n.End()
		case *ast.CallExpr:
			if n.Pos() >= end {
				continue
			}
			fn, ok := typeutil.Callee(c.pass.TypesInfo, n).(*types.Func)
			if !ok || fn.Pkg() == nil {
				continue
			}
			if fn.Pkg() == c.pass.Pkg || isSocketPkg(fn.Pkg().Path()) || c.ctorFact(fn) != nil {
				calls = append(calls, candidate{current, cur})
			}
		}
	}
	for {
		found := false
		for _, cand := range calls {
			decl := cand.fn.Node().(*ast.FuncDecl)
			fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if !ok || decl.Body == nil || c.ctors[fn] != nil {
				continue
			}
			if fact := c.constructorFact(cand.fn, fn, cand.call); fact != nil {
				c.ctors[fn] = fact
				found = true
			}
		}
		if !found {
			return
		}
	}
}

// constructorFact returns the fact for fn, declared at decl, if its
// call at call passes fn's parameters into a socket and fn returns
// the fd.
func (c *checker) constructorFact(decl inspector.Cursor, fn *types.Func, call inspector.Cursor) *socketConstructor {
	sc, ok := c.socketCall(call.Node().(*ast.CallExpr))
	if !ok {
		return nil
	}
	vals := c.argVals(decl, sc)
	verdict := classify(sc.consts, vals)
	if verdict == notTCP || verdict == tcp && !c.handsOutFD(fn) {
		return nil
	}
	out := c.returnedFD(decl, fn, call, sc)
	result, fdVar := out.result, out.fdVar
	if result < 0 {
		return nil
	}
	if fdVar != nil && c.enabledOn(decl, fdVar, 0) {
		return nil // the constructor turns keepalive on itself
	}
	if verdict == tcp && fdVar != nil && c.keptHere(decl, fdVar) {
		return nil
	}
	fact := &socketConstructor{Pkg: sc.pkg, Result: result, Held: out.held, FDField: out.field, Consts: sc.consts}
	idx := [3]*int{&fact.Domain, &fact.Type, &fact.Proto}
	fixed := [3]*int64{&fact.FixedDomain, &fact.FixedType, &fact.FixedProto}
	for role, v := range vals {
		*idx[role] = v.param
		if v.param < 0 {
			*fixed[role] = representative(sc.consts, role, v)
		}
	}
	return fact
}

// An fdOut is how a constructor returns the fd that its socket call
// creates.
type fdOut struct {
	result int          // the index among the function's results, or -1
	fdVar  types.Object // the variable that holds the fd, if any
	held   bool         // the result holds the fd: a *Conn built from it
	field  string       // the result's field that holds it, if known
}

// returnedFD finds which result of fn, declared at decl, returns the
// fd that the socket call at call creates as its result i (sc), as it
// is or held by a value built from it:
//
//	return &netFD{sysfd: fd}, nil
//	return New(fd, name) // a *Conn whose SyscallConn reaches the fd
func (c *checker) returnedFD(decl inspector.Cursor, fn *types.Func, call inspector.Cursor, sc *sockCall) fdOut {
	none := fdOut{result: -1}
	info := c.pass.TypesInfo
	i := sc.result
	results := fn.Signature().Results()
	callResults, ok := info.TypeOf(call.Node().(*ast.CallExpr)).(*types.Tuple)
	if !ok || i >= callResults.Len() {
		return none
	}
	fdType := callResults.At(i).Type()

	// return socket(...)
	if ret, ok := call.Parent().Node().(*ast.ReturnStmt); ok {
		if len(ret.Results) == 1 && results.Len() == callResults.Len() && types.Identical(results.At(i).Type(), fdType) {
			return fdOut{result: i, held: sc.held, field: sc.fdField}
		}
		return none
	}
	fdVar := c.resultAt(call, i)
	v, ok := fdVar.(*types.Var)
	if !ok {
		return none
	}
	for j := range results.Len() {
		if results.At(j) == v {
			return fdOut{result: j, fdVar: v, held: sc.held, field: sc.fdField} // a named result
		}
	}
	body := decl.Node().(*ast.FuncDecl).Body
	out := none
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 1 && results.Len() > 1 && !sc.held {
				// return NewConn(fd, name): the call's first result
				if held, field, ok := c.holds(decl, n.Results[0], v); ok {
					out = fdOut{result: 0, fdVar: v, held: held, field: field}
				}
				return out.result < 0
			}
			if len(n.Results) != results.Len() {
				return true
			}
			for j, r := range n.Results {
				if out.result >= 0 {
					break
				}
				if id, ok := ast.Unparen(r).(*ast.Ident); ok && info.Uses[id] == v && types.Identical(results.At(j).Type(), fdType) {
					out = fdOut{result: j, fdVar: v, held: sc.held, field: sc.fdField}
				} else if !sc.held {
					if held, field, ok := c.holds(decl, r, v); ok {
						out = fdOut{result: j, fdVar: v, held: held, field: field}
					}
				}
			}
		}
		return out.result < 0
	})
	return out
}

// holds reports whether e, a returned value, holds the fd in v: a
// struct literal with v as a field (&netFD{sysfd: v}: field names
// it), a call given v whose result reaches the fd through SyscallConn
// (New(v, name)), or a local variable of decl set once to either.
func (c *checker) holds(decl inspector.Cursor, e ast.Expr, v *types.Var) (held bool, field string, ok bool) {
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	isV := func(x ast.Expr) bool {
		x = ast.Unparen(x)
		if conv, ok := x.(*ast.CallExpr); ok && len(conv.Args) == 1 {
			if tv, ok := info.Types[conv.Fun]; ok && tv.IsType() {
				x = ast.Unparen(conv.Args[0]) // os.NewFile(uintptr(fd), name)
			}
		}
		id, ok := x.(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		st, ok := info.TypeOf(e).Underlying().(*types.Struct)
		if !ok {
			return false, "", false
		}
		for k, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if key, ok := kv.Key.(*ast.Ident); ok && isV(kv.Value) {
					return true, key.Name, true
				}
			} else if isV(elt) && k < st.NumFields() {
				return true, st.Field(k).Name(), true
			}
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() {
			return false, "", false
		}
		k := slices.IndexFunc(e.Args, isV)
		if k < 0 {
			return false, "", false
		}
		if _, callee, ok := c.packageCallee(e); ok {
			if field := c.paramStoredIn(callee, k); field != "" {
				return true, field, true // newNetFD(fd, ...) sets ret.fd = fd
			}
		}
		if reachesFD(info.TypeOf(e)) {
			return true, "", true
		}
	case *ast.Ident:
		if info.Uses[e] == v {
			return false, "", false
		}
		if x := c.soleResultAssignment(decl, e); x != nil {
			return c.holds(decl, x, v) // netfd = newNetFD(fd, ...); return netfd, nil
		}
		vals, ok := c.localValues(decl, e)
		if !ok || len(vals) != 1 || vals[0].expr == nil || vals[0].result >= 0 {
			return false, "", false
		}
		return c.holds(decl, vals[0].expr, v)
	}
	return false, "", false
}

// soleResultAssignment is the value of id, a named result of the
// function declared at decl, when the function assigns it once, on
// its own; nil otherwise.
func (c *checker) soleResultAssignment(decl inspector.Cursor, id *ast.Ident) ast.Expr {
	info := c.pass.TypesInfo
	v, ok := info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	fn, ok := info.Defs[decl.Node().(*ast.FuncDecl).Name].(*types.Func)
	if !ok {
		return nil
	}
	if !isResult(fn.Signature().Results(), v) {
		return nil
	}
	var value ast.Expr
	n := 0
	c.usesOf(decl, v, func(use inspector.Cursor) bool {
		as, ok := use.Parent().Node().(*ast.AssignStmt)
		if !ok || indexOfExpr(as.Lhs, use.Node().(ast.Expr)) < 0 {
			return false // a read
		}
		n++
		if len(as.Lhs) == 1 && len(as.Rhs) == 1 && as.Tok == token.ASSIGN {
			value = as.Rhs[0]
		}
		return false
	})
	if n != 1 {
		return nil
	}
	return value
}

func isResult(results *types.Tuple, v *types.Var) bool {
	for i := range results.Len() {
		if results.At(i) == v {
			return true
		}
	}
	return false
}

// paramStoredIn is the field of its first result in which the function
// declared at decl stores its parameter k (ret.fd = fd, or &netFD{fd:
// fd}); "" if it does not.
func (c *checker) paramStoredIn(decl inspector.Cursor, k int) string {
	info := c.pass.TypesInfo
	fd := decl.Node().(*ast.FuncDecl)
	fn, ok := info.Defs[fd.Name].(*types.Func)
	if !ok || k >= fn.Signature().Params().Len() || fn.Signature().Results().Len() == 0 {
		return ""
	}
	param := fn.Signature().Params().At(k)
	holder := fn.Signature().Results().At(0).Type()
	if p, ok := holder.Underlying().(*types.Pointer); ok {
		holder = p.Elem()
	}
	isParam := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == param
	}
	field := ""
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt: // ret.fd = fd
			for i, lhs := range n.Lhs {
				sel, ok := lhs.(*ast.SelectorExpr)
				if !ok || len(n.Lhs) != len(n.Rhs) || !isParam(n.Rhs[i]) {
					continue
				}
				if s, ok := info.Selections[sel]; ok && s.Kind() == types.FieldVal && types.Identical(derefType(s.Recv()), holder) {
					field = sel.Sel.Name
				}
			}
		case *ast.CompositeLit: // &netFD{fd: fd}
			if !types.Identical(info.TypeOf(n), holder) {
				return true
			}
			for _, elt := range n.Elts {
				if kv, ok := elt.(*ast.KeyValueExpr); ok && isParam(kv.Value) {
					if key, ok := kv.Key.(*ast.Ident); ok {
						field = key.Name
					}
				}
			}
		}
		return field == ""
	})
	return field
}

func derefType(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// reachesFD reports whether a value of type t gives its socket's fd
// through SyscallConn: the first result of a call that wraps an fd.
func reachesFD(t types.Type) bool {
	if tuple, ok := t.(*types.Tuple); ok {
		if tuple.Len() == 0 {
			return false
		}
		t = tuple.At(0).Type()
	}
	if _, isIface := t.Underlying().(*types.Interface); isIface {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "SyscallConn")
	_, isMethod := obj.(*types.Func)
	return isMethod
}

// resultAt is the variable (or struct field) that receives result i
// of the call at cur, if it is assigned on its own.
func (c *checker) resultAt(cur inspector.Cursor, i int) types.Object {
	id := resultIdentAt(cur, i)
	if id == nil {
		return nil
	}
	info := c.pass.TypesInfo
	if obj := info.Defs[id]; obj != nil {
		return obj
	}
	return info.Uses[id]
}

// resultIdentAt is the identifier that receives result i of the call
// at cur: a variable, or the field name of x.field.
func resultIdentAt(cur inspector.Cursor, i int) *ast.Ident {
	var lhs ast.Expr
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && p.Rhs[0] == cur.Node() && i < len(p.Lhs) {
			lhs = p.Lhs[i]
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == cur.Node() && i < len(p.Names) {
			lhs = p.Names[i]
		}
	}
	switch l := lhs.(type) {
	case *ast.Ident:
		if l.Name != "_" {
			return l
		}
	case *ast.SelectorExpr:
		return l.Sel
	}
	return nil
}
