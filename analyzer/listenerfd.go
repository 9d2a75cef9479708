package analyzer

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/kafix/kafix/fixer"
)

// This file handles Go listeners whose connections Go does not create:
// code that takes the listener's fd (File, SyscallConn) and accepts on
// it with syscall.Accept or unix.Accept4. A ListenConfig's keepalive
// never reaches those fds (Go's Accept is what applies it), so the
// listener is not the site: each raw Accept is, and its fix configures
// the accepted fd like any raw socket's. A listener that Go never
// accepts on at all (one that only reserves a port, or reads its Addr)
// creates no connection and is no site either (inert.go).

// maxFDDepth bounds how far goListenerFD follows an fd back through
// variables and conversions.
const maxFDDepth = 4

// goListenerAccept is the site of a raw Accept on the fd of a Go TCP
// listener, unless the accepted fd is configured or handed to net.
func (c *checker) goListenerAccept(cur inspector.Cursor, call *ast.CallExpr) (site, bool) {
	info := c.pass.TypesInfo
	callee := typeutil.Callee(info, call)
	pkg := ""
	switch {
	case fixer.IsPkgFunc(callee, fixer.PkgSyscall, "Accept", "Accept4"):
		pkg = fixer.PkgSyscall
	case fixer.IsPkgFunc(callee, fixer.PkgUnix, "Accept", "Accept4"):
		pkg = fixer.PkgUnix
	default:
		return site{}, false
	}
	if len(call.Args) == 0 {
		return site{}, false
	}
	scope := scopeOf(cur)
	if _, ok := scope.Node().(*ast.FuncDecl); !ok {
		return site{}, false
	}
	if !c.goListenerFD(scope, call.Args[0], 0) {
		return site{}, false
	}
	if nfd := c.resultAt(cur, 0); nfd != nil {
		if c.enabledOn(scope, nfd, 0) {
			return site{}, false
		}
		if _, wrapped := c.wrappedByNet(scope, nfd); wrapped {
			return site{}, false // Go's implicit keepalive: net's business
		}
	}
	name := "syscall"
	if pkg == fixer.PkgUnix {
		name = "unix"
	}
	return site{cur: cur, what: name + "." + callee.Name() + " on a Go listener's fd (a ListenConfig setting does not reach it)", state: absent,
		fix: fixer.Site{
			Kind:      fixer.RawAccept,
			Node:      call,
			SocketPkg: pkg,
			Conns:     []fixer.Conn{{Call: call, Var: resultIdentAt(cur, 0)}},
		}}, true
}

// goListenerFD reports whether e, the fd argument of a raw Accept, is
// the fd of a Go TCP listener: int(f.Fd()) of f := ln.File(), or the
// fd that ln.SyscallConn()'s Control hands its function.
func (c *checker) goListenerFD(scope inspector.Cursor, e ast.Expr, depth int) bool {
	if depth > maxFDDepth {
		return false
	}
	info := c.pass.TypesInfo
	e = unconvert(info, e)
	switch e := e.(type) {
	case *ast.CallExpr: // f.Fd()
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Fd" || !fixer.IsNamedOrPointer(info.TypeOf(sel.X), "os", "File") {
			return false
		}
		return c.listenerResult(scope, sel.X, "File", depth+1)
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return false
		}
		if c.controlParamOfListener(scope, v, depth) {
			return true
		}
		if rhs := c.definingValue(scope, v); rhs != nil {
			return c.goListenerFD(scope, rhs, depth+1)
		}
	}
	return false
}

// listenerResult reports whether e is what method (File or
// SyscallConn) of a Go TCP listener returned: the call itself, or a
// variable declared with it.
func (c *checker) listenerResult(scope inspector.Cursor, e ast.Expr, method string, depth int) bool {
	if depth > maxFDDepth {
		return false
	}
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		return ok && sel.Sel.Name == method && fixer.IsNamedOrPointer(info.TypeOf(sel.X), "net", "TCPListener")
	case *ast.Ident:
		if v, ok := info.Uses[e].(*types.Var); ok {
			if rhs := c.definingValue(scope, v); rhs != nil {
				return c.listenerResult(scope, rhs, method, depth+1)
			}
		}
	}
	return false
}

// controlParamOfListener reports whether v is the fd parameter of a
// function literal passed to rc.Control, where rc is the SyscallConn
// of a Go TCP listener.
func (c *checker) controlParamOfListener(scope inspector.Cursor, v *types.Var, depth int) bool {
	info := c.pass.TypesInfo
	for cur := range scope.Preorder((*ast.FuncLit)(nil)) {
		lit := cur.Node().(*ast.FuncLit)
		if lit.Type.Params == nil || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 ||
			info.Defs[lit.Type.Params.List[0].Names[0]] != v {
			continue
		}
		call, ok := cur.Parent().Node().(*ast.CallExpr)
		if !ok {
			return false
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Control" || !fixer.IsNamedOrPointer(info.TypeOf(sel.X), "syscall", "RawConn") {
			return false
		}
		return c.listenerResult(scope, sel.X, "SyscallConn", depth+1)
	}
	return false
}

// definingValue is the expression that v is declared with in scope
// (v := x, var v = x, v, err := f() gives f()), if v is declared once
// and never assigned again.
func (c *checker) definingValue(scope inspector.Cursor, v *types.Var) ast.Expr {
	info := c.pass.TypesInfo
	var value ast.Expr
	assigned := 0
	for cur := range scope.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := lhs.(*ast.Ident)
				if !ok || (info.Defs[id] != v && info.Uses[id] != v) {
					continue
				}
				assigned++
				switch {
				case len(n.Lhs) == len(n.Rhs):
					value = n.Rhs[i]
				case len(n.Rhs) == 1 && i == 0:
					value = n.Rhs[0]
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if info.Defs[id] != v {
					continue
				}
				assigned++
				switch {
				case len(n.Names) == len(n.Values):
					value = n.Values[i]
				case len(n.Values) == 1 && i == 0:
					value = n.Values[0]
				}
			}
		}
	}
	if assigned != 1 {
		return nil
	}
	return value
}

// unconvert strips parentheses and conversions: int(f.Fd()).
func unconvert(info *types.Info, e ast.Expr) ast.Expr {
	for {
		e = ast.Unparen(e)
		call, ok := e.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return e
		}
		if tv, ok := info.Types[call.Fun]; !ok || !tv.IsType() {
			return e
		}
		e = call.Args[0]
	}
}

// A Go listener whose fd the package takes raw (File, SyscallConn) may
// have its connections accepted raw where the analyzer does not follow
// the fd: an event loop in another function, as in tidwall/evio, which
// stores the listener in a struct field, takes its File in a type
// switch in another method, and calls syscall.Accept in its loop. Those
// connections never see a ListenConfig's KeepAliveConfig, which only
// Go's Accept applies; they copy the listening socket's options
// instead (fixer.ListenerOptionsCopied), so such a listener's fix sets
// the timers on the listening socket too (fixer.Site.ListenerFDTaken).
//
// The rule: the fd is taken raw when SyscallConn is called on the
// listener, or File is and the *os.File it returns is used for nothing
// but its Fd, Close and Name (and comparisons and assignments). A file
// handed on, to net.FileListener or to a child process through
// exec.Cmd's ExtraFiles (fasthttp's prefork, graceful restarts), ends
// in a Go listener whose own Accept sets Go's keepalive over the
// listening socket's options (measured here: 15 s, 15 s, 9 probes read
// back from such a connection): timers on the listening socket would
// reach nothing there, so the fix stays a Go listener's.

// fdTakenBy is the method (File or SyscallConn) with which the package
// takes raw the fd of the listener held by ln, the variable that a
// site's result is assigned to, or by a struct field that ln is stored
// in within scope, or by the parameter of a function of the package
// that ln is passed to (then named: "File by ConvertListener"); "" if
// it takes none.
func (c *checker) fdTakenBy(scope inspector.Cursor, ln types.Object) string {
	if ln == nil {
		return ""
	}
	if c.fdTaken == nil {
		c.fdTaken = &fdIndex{holders: c.findFDTaken()}
	}
	if len(c.fdTaken.holders) == 0 {
		return ""
	}
	method, callee := c.fdTakenIn(scope, ln)
	if callee != nil {
		method += " by " + callee.Name()
	}
	return method
}

// An fdIndex is what the package knows of the listeners whose fd it
// takes raw. It is built when a Listen site first asks, and once per
// package.
type fdIndex struct {
	holders map[types.Object]string // the variables and fields that hold them, and how the fd is taken (findFDTaken)
	params  map[*types.Var]string   // the parameters followed so far, and how their listener's fd is taken
}

// fdTakenIn is how the package takes raw the fd of the listener held
// by ln in scope (fdTakenBy), and the function of the package that ln
// is passed to and that takes it, if it is not taken in scope itself.
func (c *checker) fdTakenIn(scope inspector.Cursor, ln types.Object) (string, *types.Func) {
	if m := c.fdTaken.holders[ln]; m != "" {
		return m, nil
	}
	method := ""
	var callee *types.Func
	c.usesOf(scope, ln, func(use inspector.Cursor) bool {
		use = climbAssertions(use)
		if field := storedIn(c.pass.TypesInfo, use); field != nil {
			method = c.fdTaken.holders[field]
		} else if fn, param := c.paramOf(use); param != nil {
			method, callee = c.paramFDTaken(fn, param), fn
		}
		return method != ""
	})
	if method == "" {
		return "", nil
	}
	return method, callee
}

// paramOf is the function of this package, and its parameter, that
// the value at use is passed to: f(ln), s.m(ln). A function of another
// package is not followed (no fact carries what it does with a
// listener), nor is a variadic parameter, an interface method, or a
// function value.
func (c *checker) paramOf(use inspector.Cursor) (*types.Func, *types.Var) {
	call, ok := use.Parent().Node().(*ast.CallExpr)
	if !ok || call.Fun == use.Node() || call.Ellipsis.IsValid() {
		return nil, nil
	}
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil || fn.Pkg() != c.pass.Pkg {
		return nil, nil
	}
	params := fn.Signature().Params()
	i := argIndex(call, use.Node())
	if i < 0 || i >= params.Len() || (fn.Signature().Variadic() && i == params.Len()-1) {
		return nil, nil
	}
	return fn, params.At(i)
}

// paramFDTaken is how the function fn takes raw the fd of the listener
// it is given as param, by the rules of fdTakenBy with param as the
// local variable. Each parameter is followed once; one that is being
// followed takes nothing more (recursion).
func (c *checker) paramFDTaken(fn *types.Func, param *types.Var) string {
	ix := c.fdTaken
	if m, ok := ix.params[param]; ok {
		return m
	}
	if ix.params == nil {
		ix.params = make(map[*types.Var]string)
	}
	decl, ok := c.funcDecl(fn)
	if !ok {
		return "" // declared without a body (assembly)
	}
	ix.params[param] = ""
	m, _ := c.fdTakenIn(decl, param)
	ix.params[param] = m
	return m
}

// storedIn is the struct field that the value at use is stored in:
// x.f = use, or T{f: use} (ln.(*net.TCPListener) included).
func storedIn(info *types.Info, use inspector.Cursor) *types.Var {
	var field types.Object
	switch p := use.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) == len(p.Rhs) {
			field = assignedVar(info, p, use.Node())
		}
	case *ast.KeyValueExpr:
		if id, ok := p.Key.(*ast.Ident); ok && p.Value == use.Node() {
			field = info.Uses[id]
		}
	}
	if v, ok := field.(*types.Var); ok && v.IsField() {
		return v
	}
	return nil
}

// findFDTaken finds, in one pass over the package's calls, the
// variables and fields that hold a Go TCP listener whose fd is taken
// raw, with the method that takes it.
func (c *checker) findFDTaken() map[types.Object]string {
	info := c.pass.TypesInfo
	taken := make(map[types.Object]string)
	for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		callee := typeutil.Callee(info, call)
		if !fixer.IsMethod(callee, "net", "TCPListener", "File", "SyscallConn") {
			continue
		}
		if callee.Name() == "File" && !c.fileKeptRaw(cur) {
			continue
		}
		if holder := c.listenerHolder(cur, sel.X, 0); holder != nil && taken[holder] == "" {
			taken[holder] = callee.Name()
		}
	}
	return taken
}

// fileKeptRaw reports whether the *os.File returned by the File call
// at cur stays in this process as a raw fd: it is kept in a variable or
// field that is used for nothing but Fd, Close and Name, compared, or
// assigned.
func (c *checker) fileKeptRaw(cur inspector.Cursor) bool {
	f := c.resultAt(cur, 0)
	return f != nil && c.keptRaw(scopeOf(cur), f, 0)
}

// keptRaw reports whether the *os.File held by f, a variable of scope
// or a struct field, is used for nothing but Fd, Close and Name,
// compared, assigned, or stored in a field of this package that obeys
// the same rule (gev keeps it in its listener: listener{file: file}).
func (c *checker) keptRaw(scope inspector.Cursor, f types.Object, depth int) bool {
	if v, ok := f.(*types.Var); ok && v.IsField() {
		scope = c.insp.Root() // a field is used anywhere in the package
	}
	if depth > maxAliasDepth {
		return false
	}
	handedOn := c.usesOf(scope, f, func(use inspector.Cursor) bool {
		switch p := use.Parent().Node().(type) {
		case *ast.SelectorExpr:
			return p.X != use.Node() || (p.Sel.Name != "Fd" && p.Sel.Name != "Close" && p.Sel.Name != "Name")
		case *ast.AssignStmt:
			if !slices.Contains(p.Lhs, use.Node().(ast.Expr)) {
				field := storedIn(c.pass.TypesInfo, use) // x.file = f
				return field == nil || field.Pkg() != c.pass.Pkg || !c.keptRaw(scope, field, depth+1)
			}
			return false
		case *ast.KeyValueExpr: // listener{file: f}
			if p.Key == use.Node() {
				return false // the field's own name in a literal
			}
			field := storedIn(c.pass.TypesInfo, use)
			return field == nil || field.Pkg() != c.pass.Pkg || !c.keptRaw(scope, field, depth+1)
		case *ast.BinaryExpr:
			return false // f != nil
		}
		return true
	})
	return !handedOn
}

// listenerHolder is the variable or struct field that holds the
// listener denoted by e, the receiver of a File or SyscallConn call at
// cur: through parentheses, type assertions (ln.(*net.TCPListener)),
// the variable of a type switch (switch tl := ln.(type)) and local
// aliases (tl := ln.(*net.TCPListener)).
func (c *checker) listenerHolder(cur inspector.Cursor, e ast.Expr, depth int) types.Object {
	if depth > maxFDDepth {
		return nil
	}
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.TypeAssertExpr:
		return c.listenerHolder(cur, e.X, depth+1)
	case *ast.SelectorExpr:
		if s, ok := info.Selections[e]; ok && s.Kind() == types.FieldVal {
			return s.Obj()
		}
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return nil
		}
		if x := typeSwitchSubject(info, cur, v); x != nil {
			return c.listenerHolder(cur, x, depth+1)
		}
		if v.Parent() != c.pass.Pkg.Scope() {
			switch rhs := ast.Unparen(c.definingValue(scopeOf(cur), v)).(type) {
			case *ast.TypeAssertExpr, *ast.Ident, *ast.SelectorExpr:
				return c.listenerHolder(cur, rhs, depth+1)
			}
		}
		return v
	}
	return nil
}

// typeSwitchSubject is x of the type switch `switch v := x.(type)`
// whose case clause around cur declares v, if there is one.
func typeSwitchSubject(info *types.Info, cur inspector.Cursor, v *types.Var) ast.Expr {
	for cc := range cur.Enclosing((*ast.CaseClause)(nil)) {
		if info.Implicits[cc.Node()] != v {
			continue
		}
		ts, ok := cc.Parent().Parent().Node().(*ast.TypeSwitchStmt)
		if !ok {
			return nil
		}
		if as, ok := ts.Assign.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
			if ta, ok := as.Rhs[0].(*ast.TypeAssertExpr); ok {
				return ta.X
			}
		}
		return nil
	}
	return nil
}
