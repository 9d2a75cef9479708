package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"

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
	result, fdVar := c.returnedFD(decl, fn, call, sc.result)
	if result < 0 {
		return nil
	}
	if fdVar != nil && c.enabledOn(decl, fdVar, 0) {
		return nil // the constructor turns keepalive on itself
	}
	if verdict == tcp && fdVar != nil && c.keptHere(decl, fdVar) {
		return nil
	}
	fact := &socketConstructor{Pkg: sc.pkg, Result: result, Consts: sc.consts}
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

// returnedFD finds which result of fn, declared at decl, returns the
// fd that the socket call at call creates as its result i: the index,
// or -1, and the variable that holds the fd, if any.
func (c *checker) returnedFD(decl inspector.Cursor, fn *types.Func, call inspector.Cursor, i int) (int, types.Object) {
	info := c.pass.TypesInfo
	results := fn.Signature().Results()
	callResults, ok := info.TypeOf(call.Node().(*ast.CallExpr)).(*types.Tuple)
	if !ok || i >= callResults.Len() {
		return -1, nil
	}
	fdType := callResults.At(i).Type()

	// return socket(...)
	if ret, ok := call.Parent().Node().(*ast.ReturnStmt); ok {
		if len(ret.Results) == 1 && results.Len() == callResults.Len() && types.Identical(results.At(i).Type(), fdType) {
			return i, nil
		}
		return -1, nil
	}
	fdVar := c.resultAt(call, i)
	v, ok := fdVar.(*types.Var)
	if !ok {
		return -1, nil
	}
	for j := range results.Len() {
		if results.At(j) == v {
			return j, v // a named result
		}
	}
	body := decl.Node().(*ast.FuncDecl).Body
	found := -1
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) != results.Len() {
				return true
			}
			for j, r := range n.Results {
				if id, ok := ast.Unparen(r).(*ast.Ident); ok && info.Uses[id] == v && types.Identical(results.At(j).Type(), fdType) && found < 0 {
					found = j
				}
			}
		}
		return found < 0
	})
	return found, v
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
