package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/kafix/kafix/fixer"
)

// This file decides whether code turns keepalive on for an object: a
// connection, a Dialer or ListenConfig, or a raw fd. Any place in the
// enclosing function counts, behind a condition too: setting
// keepalive only when an option asks for it is a decision as well.

// maxAliasDepth bounds how far enabledOn follows a connection through
// type assertions and copies (c -> tc := c.(*net.TCPConn) -> ...).
const maxAliasDepth = 3

// scopeOf is the function declaration that bounds the search for
// code configuring what cur creates; at package level, the file.
func scopeOf(cur inspector.Cursor) inspector.Cursor {
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		return fn
	}
	for f := range cur.Enclosing((*ast.File)(nil)) {
		return f
	}
	return cur
}

// usesOf calls f with the cursor of each expression in scope that
// refers to obj: the identifier, or for a struct field the selector
// x.field. It stops early when f returns true, and reports whether it
// did.
func (c *checker) usesOf(scope inspector.Cursor, obj types.Object, f func(use inspector.Cursor) bool) bool {
	for cur := range scope.Preorder((*ast.Ident)(nil)) {
		if c.pass.TypesInfo.Uses[cur.Node().(*ast.Ident)] != obj {
			continue
		}
		use := cur
		if sel, ok := cur.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == cur.Node() {
			use = cur.Parent()
		}
		if f(use) {
			return true
		}
	}
	return false
}

// enabledOn reports whether code in scope turns keepalive on for obj.
func (c *checker) enabledOn(scope inspector.Cursor, obj types.Object, depth int) bool {
	if obj == nil || depth > maxAliasDepth {
		return false
	}
	return c.usesOf(scope, obj, func(use inspector.Cursor) bool {
		return c.enablesAt(scope, use, depth)
	})
}

// enablesAt reports whether the context of e, an expression that
// denotes the object, turns keepalive on for it.
func (c *checker) enablesAt(scope, e inspector.Cursor, depth int) bool {
	info := c.pass.TypesInfo
	parent := e.Parent()
	switch p := parent.Node().(type) {
	case *ast.ParenExpr, *ast.StarExpr:
		return c.enablesAt(scope, parent, depth)

	case *ast.UnaryExpr: // &d passed to a helper
		if p.Op == token.AND {
			return c.enablesAt(scope, parent, depth)
		}

	case *ast.TypeAssertExpr: // c.(*net.TCPConn), c.(syscall.Conn), ln.(*net.TCPListener)
		if p.Type != nil && (reachesKeepAlive(info.TypeOf(p.Type)) || heldKind(info.TypeOf(p.Type)) != "") {
			return c.enablesAt(scope, parent, depth)
		}

	case *ast.SelectorExpr:
		if p.X != e.Node() {
			return false
		}
		if isFDField(info, p) { // setKeepAlive(c.sysfd): the fd a value holds
			return c.enablesAt(scope, parent, depth)
		}
		return c.enablesThroughField(scope, parent, p.Sel.Name, depth)

	case *ast.CallExpr:
		if p.Fun == e.Node() {
			return false
		}
		if tv, ok := info.Types[p.Fun]; ok && tv.IsType() { // int(fd)
			return c.enablesAt(scope, parent, depth)
		}
		i := argIndex(p, e.Node())
		if isKeepAliveSetsockopt(info, p) && i == 0 {
			return true
		}
		if fn, ok := typeutil.Callee(info, p).(*types.Func); ok {
			if fact := c.enablesFact(fn); fact != nil && fact.has(i) {
				return true
			}
		}
		// A wrapper that keeps the connection in a field of its result
		// (gnet's newStreamConn(el, nc, ctx)), on which keepalive is
		// then set: c.SetKeepAlive(true, idle, intvl, cnt).
		if _, decl, ok := c.packageCallee(p); ok && i >= 0 && c.paramStoredIn(decl, i) != "" {
			if as, ok := parent.Parent().Node().(*ast.AssignStmt); ok {
				return c.enabledOn(scope, assignedVar(info, as, p), depth+1)
			}
		}

	case *ast.CompositeLit, *ast.KeyValueExpr: // tcpKeepAliveListener{ln}
		return c.heldByWrapper(e)

	case *ast.AssignStmt: // tc := c.(*net.TCPConn); d2 := d
		return c.enabledOn(scope, assignedVar(info, p, e.Node()), depth+1)

	case *ast.ReturnStmt: // return c, nil: the callers decide
		return c.callersEnable(scope, e, indexOfExpr(p.Results, e.Node().(ast.Expr)), depth)

	case *ast.ValueSpec:
		for i, v := range p.Values {
			if v == e.Node() && i < len(p.Names) {
				return c.enabledOn(scope, info.Defs[p.Names[i]], depth+1)
			}
		}
	}
	return false
}

// enablesThroughField reports whether x.name, at sel, turns keepalive
// on: a method call that enables it, or an assignment to a keepalive
// field.
func (c *checker) enablesThroughField(scope, sel inspector.Cursor, name string, depth int) bool {
	info := c.pass.TypesInfo
	switch gp := sel.Parent().Node().(type) {
	case *ast.CallExpr:
		if gp.Fun != sel.Node() {
			return false
		}
		switch name {
		case "SetKeepAlive", "SetKeepAliveConfig", "SetKeepAlivePeriod":
			// An explicit call decides the connection's keepalive. One
			// that turns it off is a site of its own (see netCall), so
			// the connection is not reported twice.
			return true
		case "SetsockoptInt":
			// A value that holds a raw socket's fd, with a setsockopt
			// method of its own (mdlayher/socket's *Conn):
			// c.SetsockoptInt(unix.SOL_SOCKET, unix.SO_KEEPALIVE, 1).
			return len(gp.Args) == 3 && keepAliveOnArgs(info, gp.Args[1], gp.Args[2])
		case "Accept", "AcceptTCP", "Dial", "DialContext", "DialTCP", "Listen":
			// A listener is covered when its accepted conns are, a
			// Dialer when the conns it dials are, a ListenConfig when
			// its listener is (nd.DialContext(...); then
			// c.(*net.TCPConn).SetKeepAlive(true)).
			if as, ok := sel.Parent().Parent().Node().(*ast.AssignStmt); ok {
				return c.enabledOn(scope, assignedVar(info, as, gp), depth+1)
			}
		case "SyscallConn":
			// The raw conn's Control is where SO_KEEPALIVE goes, on
			// the fd or on a duplicate of it.
			return c.setsKeepAliveOnAnFD(scope.Node())
		}

	case *ast.AssignStmt:
		rhs := assignedValue(gp, sel.Node())
		if rhs == nil {
			return false
		}
		switch name {
		case "KeepAlive":
			return positiveOrUnknown(info, rhs)
		case "KeepAliveConfig":
			return enablesConfig(info, rhs)
		case "Control", "ControlContext":
			return c.controlSetsKeepAlive(rhs)
		}

	case *ast.SelectorExpr: // d.KeepAliveConfig.Enable = true
		if name != "KeepAliveConfig" || gp.Sel.Name != "Enable" {
			return false
		}
		if as, ok := sel.Parent().Parent().Node().(*ast.AssignStmt); ok {
			if rhs := assignedValue(as, gp); rhs != nil {
				return !isConstFalse(info, rhs)
			}
		}
	}
	return false
}

// controlSetsKeepAlive reports whether fn, the value of a Dialer's or
// ListenConfig's Control or ControlContext, sets SO_KEEPALIVE.
func (c *checker) controlSetsKeepAlive(fn ast.Expr) bool {
	info := c.pass.TypesInfo
	switch fn := ast.Unparen(fn).(type) {
	case *ast.FuncLit:
		return c.setsKeepAliveOnAnFD(fn.Body) || c.passesRawConnToHelper(fn)
	case *ast.Ident, *ast.SelectorExpr:
		obj, ok := info.Uses[fixer.IdentOf(fn)].(*types.Func)
		if !ok {
			return false
		}
		fact := c.enablesFact(obj)
		if fact == nil {
			return false
		}
		// The raw conn is the last parameter of Control and ControlContext.
		sig := obj.Signature()
		return fact.has(sig.Params().Len() - 1)
	}
	return false
}

// passesRawConnToHelper reports whether lit, a Control function,
// hands its syscall.RawConn parameter to a function that turns
// keepalive on through it (as a chained Control that ends with the
// option setter's control does).
func (c *checker) passesRawConnToHelper(lit *ast.FuncLit) bool {
	info := c.pass.TypesInfo
	var rawConn types.Object
	for _, field := range lit.Type.Params.List {
		for _, name := range field.Names {
			if obj := info.Defs[name]; obj != nil && fixer.IsNamedOrPointer(obj.Type(), "syscall", "RawConn") {
				rawConn = obj
			}
		}
	}
	if rawConn == nil {
		return false
	}
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok {
			return true
		}
		if fact := c.enablesFact(fn); fact != nil {
			for i, arg := range call.Args {
				if id, ok := ast.Unparen(arg).(*ast.Ident); ok && info.Uses[id] == rawConn && fact.has(i) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// enablesFact is fn's setsKeepAlive fact, from this package or an
// imported one; nil if it has none.
func (c *checker) enablesFact(fn *types.Func) *setsKeepAlive {
	if fact, ok := c.enables[fn]; ok {
		return fact
	}
	if fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg {
		return nil
	}
	fact := new(setsKeepAlive)
	if c.pass.ImportObjectFact(fn.Origin(), fact) {
		return fact
	}
	return nil
}

// isKeepAliveSetsockopt reports whether call is SetsockoptInt(fd,
// SOL_SOCKET, SO_KEEPALIVE, v) with v not the constant 0, from syscall,
// x/sys/unix or x/sys/windows.
func isKeepAliveSetsockopt(info *types.Info, call *ast.CallExpr) bool {
	callee := typeutil.Callee(info, call)
	if !fixer.IsPkgFunc(callee, "syscall", "SetsockoptInt") &&
		!fixer.IsPkgFunc(callee, "golang.org/x/sys/unix", "SetsockoptInt") &&
		!fixer.IsPkgFunc(callee, "golang.org/x/sys/windows", "SetsockoptInt") {
		return false
	}
	return len(call.Args) == 4 && keepAliveOnArgs(info, call.Args[2], call.Args[3])
}

// keepAliveOnArgs reports whether a setsockopt's option and value
// arguments turn SO_KEEPALIVE on: a value that is not the constant 0.
func keepAliveOnArgs(info *types.Info, opt, value ast.Expr) bool {
	if !isConstNamed(info, opt, "SO_KEEPALIVE") {
		return false
	}
	v, ok := constInt(info, value)
	return !ok || v != 0
}

// containsKeepAliveSetsockopt reports whether n contains a call that
// sets SO_KEEPALIVE on any fd.
func containsKeepAliveSetsockopt(info *types.Info, n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && isKeepAliveSetsockopt(info, call) {
			found = true
		}
		return !found
	})
	return found
}

// setsKeepAliveOnAnFD reports whether n turns keepalive on for some
// fd: SO_KEEPALIVE set directly, or an integer handed to a helper
// that sets it (gnet's setKeepAlive(dupFD, ...) on a duplicate of a
// connection's fd).
func (c *checker) setsKeepAliveOnAnFD(n ast.Node) bool {
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if isKeepAliveSetsockopt(info, call) {
			found = true
			return false
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		if !ok {
			return true
		}
		if fact := c.enablesFact(fn); fact != nil {
			for i, arg := range call.Args {
				if isInteger(info.TypeOf(arg)) && fact.has(i) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// reachesKeepAlive reports whether a connection asserted to t can
// still have its keepalive set: *net.TCPConn, or an interface with
// SetKeepAlive (fasthttp's keepAliveConn) or SyscallConn
// (syscall.Conn).
func reachesKeepAlive(t types.Type) bool {
	if fixer.IsNamedOrPointer(t, "net", "TCPConn") {
		return true
	}
	if _, ok := t.Underlying().(*types.Interface); !ok {
		return false
	}
	for _, name := range []string{"SetKeepAlive", "SetKeepAliveConfig", "SyscallConn"} {
		if obj, _, _ := types.LookupFieldOrMethod(t, false, nil, name); obj != nil {
			return true
		}
	}
	return false
}

// enablesConfig reports whether e, a net.KeepAliveConfig value, has
// Enable set to true or to something that is not the constant false.
// A value that is not a literal is someone's decision.
func enablesConfig(info *types.Info, e ast.Expr) bool {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return true
	}
	if v := keyedValue(lit, "Enable"); v != nil {
		return !isConstFalse(info, v)
	}
	return false
}

// positiveOrUnknown reports whether e is a positive constant duration
// or not a constant at all.
func positiveOrUnknown(info *types.Info, e ast.Expr) bool {
	v, ok := constInt(info, e)
	return !ok || v > 0
}

// keyedValue is the value of the element key in a keyed literal.
func keyedValue(lit *ast.CompositeLit, key string) ast.Expr {
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == key {
				return kv.Value
			}
		}
	}
	return nil
}

func isConstFalse(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && !constant.BoolVal(tv.Value)
}

func isConstTrue(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
}

func constInt(info *types.Info, e ast.Expr) (int64, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(tv.Value)
}

func constString(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// isConstNamed reports whether e refers to a constant called name,
// from syscall, x/sys/unix or x/sys/windows.
func isConstNamed(info *types.Info, e ast.Expr, name string) bool {
	id := fixer.IdentOf(e)
	if id == nil {
		return false
	}
	k, ok := info.Uses[id].(*types.Const)
	return ok && k.Name() == name && k.Pkg() != nil && socketPackages[fixer.Vendorless(k.Pkg().Path())]
}

// isInteger reports whether t is an integer type (an fd, for raw
// sockets).
func isInteger(t types.Type) bool {
	b, ok := types.Unalias(t).(*types.Basic)
	if t != nil && !ok {
		b, ok = t.Underlying().(*types.Basic)
	}
	return ok && b.Info()&types.IsInteger != 0
}

func argIndex(call *ast.CallExpr, arg ast.Node) int {
	for i, a := range call.Args {
		if a == arg {
			return i
		}
	}
	return -1
}

// assignedValue is the right-hand side assigned to lhs in as, if the
// assignment pairs them one to one.
func assignedValue(as *ast.AssignStmt, lhs ast.Node) ast.Expr {
	if len(as.Lhs) != len(as.Rhs) {
		return nil
	}
	for i, l := range as.Lhs {
		if l == lhs {
			return as.Rhs[i]
		}
	}
	return nil
}

// assignedVar is the variable that receives rhs in as: the one on the
// same side of a one-to-one assignment, or the first of a
// multi-value one (c, err := f(); tc, ok := c.(*net.TCPConn)).
func assignedVar(info *types.Info, as *ast.AssignStmt, rhs ast.Node) types.Object {
	i := -1
	for j, r := range as.Rhs {
		if r == rhs {
			i = j
		}
	}
	if i < 0 {
		return nil
	}
	if len(as.Lhs) != len(as.Rhs) {
		i = 0
	}
	id, ok := as.Lhs[i].(*ast.Ident)
	if !ok {
		if sel, ok := as.Lhs[i].(*ast.SelectorExpr); ok {
			return info.Uses[sel.Sel] // a struct field
		}
		return nil
	}
	if obj := info.Defs[id]; obj != nil {
		return obj
	}
	return info.Uses[id]
}

// isFDField reports whether sel selects a struct field of a plain
// integer type: the fd held by a value that a socket constructor
// returns (&netFD{sysfd: fd}).
func isFDField(info *types.Info, sel *ast.SelectorExpr) bool {
	v, ok := info.Uses[sel.Sel].(*types.Var)
	if !ok || !v.IsField() {
		return false
	}
	b, ok := types.Unalias(v.Type()).(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// callersEnable reports whether every caller of the function declared
// at scope turns keepalive on for its result i, which ret, a value in
// one of its return statements, gives:
//
//	func dial(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }
//	c, err := dial(addr); ...; c.(*net.TCPConn).SetKeepAlive(true)
//
// A caller that returns the result as it is (return dial(addr)) hands
// it on to its own callers, which decide in turn.
//
// Only for a function that nothing outside the package can call (not
// exported, or in a test file), that is not a method (interface calls
// do not name it) and that the package only calls, in files the
// analysis reads.
func (c *checker) callersEnable(scope, ret inspector.Cursor, i, depth int) bool {
	decl, ok := scope.Node().(*ast.FuncDecl)
	if !ok || i < 0 || depth > maxAliasDepth {
		return false
	}
	for fn := range ret.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		if fn.Node() != decl {
			return false // a function literal's return
		}
		break
	}
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok || i >= fn.Signature().Results().Len() {
		return false
	}
	refs, ok := c.callersKnown(fn, decl)
	if !ok || refs.outside {
		return false
	}
	for _, call := range refs.calls {
		if ret, ok := call.Parent().Node().(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
			// return f(...): the caller hands the result on to its own
			// callers, which decide.
			if !c.callersEnable(scopeOf(call), call, i, depth+1) {
				return false
			}
			continue
		}
		v := c.resultAt(call, i)
		if v == nil || !c.enabledOn(scopeOf(call), v, depth+1) {
			return false
		}
	}
	return true
}
