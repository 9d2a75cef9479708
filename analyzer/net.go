package analyzer

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/kafix/kafix/fixer"
)

// findNetSites finds the sites of packages net and crypto/tls: the
// calls, literals and declarations that create a TCP connection, or
// the thing that owns its keepalive setting, without deciding it.
func (c *checker) findNetSites() []site {
	var sites []site
	add := func(s site, ok bool) {
		if ok {
			sites = append(sites, s)
		}
	}
	for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil), (*ast.CompositeLit)(nil), (*ast.ValueSpec)(nil), (*ast.Ident)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.Ident:
			add(c.funcValue(cur, n))
		case *ast.CallExpr:
			add(c.netCall(cur, n))
		case *ast.CompositeLit:
			add(c.configLit(cur, n))
			add(c.holderLit(cur, n))
		case *ast.ValueSpec:
			add(c.configVar(cur, n))
		}
	}
	return sites
}

// skipLocal reports whether a dial or listen at cur, whose address is
// args[i], is left alone because the address is on this host.
func (c *checker) skipLocal(cur inspector.Cursor, args []ast.Expr, i int, role addrRole) bool {
	return !c.cfg.Loopback && i < len(args) && c.localAddress(scopeOf(cur), args[i], role)
}

// netCall classifies a call of package net or crypto/tls.
func (c *checker) netCall(cur inspector.Cursor, call *ast.CallExpr) (site, bool) {
	info := c.pass.TypesInfo
	callee := typeutil.Callee(info, call)
	if callee == nil {
		return site{}, false
	}
	switch {
	case fixer.IsPkgFunc(callee, "net", "Dial", "DialTimeout"):
		return c.connectCall(cur, call, fixer.DialCall, "net."+callee.Name(), 0)
	case fixer.IsPkgFunc(callee, "crypto/tls", "Dial"):
		return c.connectCall(cur, call, fixer.TLSDialCall, "tls.Dial", 0)
	case fixer.IsPkgFunc(callee, "net", "Listen"):
		return c.connectCall(cur, call, fixer.ListenCall, "net.Listen", 0)
	case fixer.IsPkgFunc(callee, "crypto/tls", "Listen"):
		return c.connectCall(cur, call, fixer.TLSListenCall, "tls.Listen", 0)
	case fixer.IsPkgFunc(callee, "net", "DialTCP"):
		return c.dialTCP(cur, call)
	case fixer.IsPkgFunc(callee, "net", "ListenTCP"):
		return c.listenTCP(cur, call)
	case fixer.IsMethod(callee, "net", "TCPConn", "SetKeepAlive"):
		if len(call.Args) == 1 && isConstFalse(info, call.Args[0]) && !c.helperEnables(cur, call) {
			return site{cur: cur, what: "SetKeepAlive(false)", state: disabled,
				fix: fixer.Site{Kind: fixer.DisableCall, Node: call}}, true
		}
	case fixer.IsMethod(callee, "net", "TCPConn", "SetKeepAliveConfig"):
		if len(call.Args) == 1 && !enablesConfig(info, call.Args[0]) && !c.helperEnables(cur, call) {
			return site{cur: cur, what: "SetKeepAliveConfig with Enable false", state: disabled,
				fix: fixer.Site{Kind: fixer.DisableCall, Node: call}}, true
		}
	case isBuiltin(callee, "new") && len(call.Args) == 1:
		return c.configNew(cur, call)
	}
	return site{}, false
}

// helperEnables reports whether, in the function of a call that turns
// keepalive off for its receiver, code turns it on for that receiver
// too, itself or through a keepalive helper: behind a condition, that
// is a decision (a gated fix writes exactly that: on, the option
// setter; off, the call), or an on/off switch that carries out its
// caller's.
func (c *checker) helperEnables(cur inspector.Cursor, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	recv := c.pass.TypesInfo.Uses[id]
	if recv == nil {
		return false
	}
	info := c.pass.TypesInfo
	return c.usesOf(scopeOf(cur), recv, func(use inspector.Cursor) bool {
		if turnsOn(info, use) {
			return true // an on/off switch: SetKeepAlive(true) in the other branch
		}
		p, ok := use.Parent().Node().(*ast.CallExpr)
		if !ok || p.Fun == use.Node() {
			return false
		}
		fn, ok := typeutil.Callee(info, p).(*types.Func)
		if !ok {
			return false
		}
		fact := c.enablesFact(fn)
		return fact != nil && fact.has(argIndex(p, use.Node()))
	})
}

// turnsOn reports whether use, a *net.TCPConn, is the receiver of a
// call of its SetKeepAlive(true) or of its SetKeepAliveConfig with
// Enable true.
func turnsOn(info *types.Info, use inspector.Cursor) bool {
	sel, ok := use.Parent().Node().(*ast.SelectorExpr)
	if !ok || sel.X != use.Node() {
		return false
	}
	call, ok := use.Parent().Parent().Node().(*ast.CallExpr)
	if !ok || call.Fun != sel || len(call.Args) != 1 {
		return false
	}
	callee := typeutil.Callee(info, call)
	switch {
	case fixer.IsMethod(callee, "net", "TCPConn", "SetKeepAlive"):
		return isConstTrue(info, call.Args[0])
	case fixer.IsMethod(callee, "net", "TCPConn", "SetKeepAliveConfig"):
		return enablesConfig(info, call.Args[0])
	}
	return false
}

// funcValues are the functions that create TCP connections when they
// are used as values (Dial: net.Dial), by the name the fix knows them.
var funcValues = map[[2]string]string{
	{"net", "Dial"}:        "Dial",
	{"net", "DialTimeout"}: "DialTimeout",
	{"net", "Listen"}:      "Listen",
	{"crypto/tls", "Dial"}: "tls.Dial",
}

// funcValue handles net.Dial, net.DialTimeout, net.Listen and tls.Dial
// used as function values (conn := &Conn{dial: net.DialTimeout},
// return net.Listen): every connection made through the value relies
// on Go's implicit keepalive, and the network is not known here.
func (c *checker) funcValue(cur inspector.Cursor, id *ast.Ident) (site, bool) {
	fn, ok := c.pass.TypesInfo.Uses[id].(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Signature().Recv() != nil {
		return site{}, false // not a function of net or tls (a method value is a Dialer's)
	}
	name, ok := funcValues[[2]string{fixer.Vendorless(fn.Pkg().Path()), fn.Name()}]
	if !ok {
		return site{}, false
	}
	e := cur
	if sel, ok := cur.Parent().Node().(*ast.SelectorExpr); ok && sel.Sel == id {
		e = cur.Parent()
	}
	e = climbParens(e)
	if call, ok := e.Parent().Node().(*ast.CallExpr); ok && ast.Unparen(call.Fun) == e.Node() {
		return site{}, false // a call: netCall's
	}
	if tv, ok := c.pass.TypesInfo.Types[e.Node().(ast.Expr)]; !ok || !tv.IsValue() {
		return site{}, false // in a type's place (net.DialTimeout{}, a result of type net.Listen): code that does not type-check
	}
	what := fn.Pkg().Name() + "." + fn.Name() + " used as a function value"
	return site{cur: e, what: what, state: implicit, maybeTCP: true,
		fix: fixer.Site{Kind: fixer.FuncValue, Node: e.Node(), Field: name}}, true
}

func climbParens(cur inspector.Cursor) inspector.Cursor {
	for {
		if _, ok := cur.Parent().Node().(*ast.ParenExpr); !ok {
			return cur
		}
		cur = cur.Parent()
	}
}

// connectCall handles net.Dial, net.DialTimeout, tls.Dial, net.Listen
// and tls.Listen, whose network is argument i.
func (c *checker) connectCall(cur inspector.Cursor, call *ast.CallExpr, kind fixer.Kind, what string, i int) (site, bool) {
	if len(call.Args) <= i {
		return site{}, false
	}
	role := dialing
	if kind == fixer.ListenCall || kind == fixer.TLSListenCall {
		role = listening
	}
	tcp, maybe := c.tcpNetwork(scopeOf(cur), call.Args[i])
	if !tcp || c.skipLocal(cur, call.Args, i+1, role) {
		return site{}, false
	}
	if c.enabledOn(scopeOf(cur), c.resultVar(cur), 0) || c.returnedToDeciders(cur) {
		return site{}, false
	}
	if c.inertResult(cur, role) {
		return site{}, false // a probe, or a listener never accepted on: no data goes through it
	}
	fix := fixer.Site{Kind: kind, Node: call}
	st := implicit
	if kind == fixer.ListenCall {
		if m := c.fdTakenBy(scopeOf(cur), c.resultVar(cur)); m != "" {
			what += " (its fd is taken with " + m + ")"
			st = acceptedRaw
			fix.ListenerFDTaken = true
		}
	}
	return site{cur: cur, what: what, state: st, maybeTCP: maybe, fix: fix}, true
}

// returnedToDeciders reports whether the call at cur is returned as it
// is (return net.Dial(...)) to callers that all turn keepalive on for
// the connection (see callersEnable).
func (c *checker) returnedToDeciders(cur inspector.Cursor) bool {
	ret, ok := cur.Parent().Node().(*ast.ReturnStmt)
	return ok && len(ret.Results) == 1 && c.callersEnable(scopeOf(cur), cur, 0, 0)
}

// dialTCP handles net.DialTCP(network, laddr, raddr), whose
// connection is configured after it exists.
func (c *checker) dialTCP(cur inspector.Cursor, call *ast.CallExpr) (site, bool) {
	if len(call.Args) != 3 {
		return site{}, false
	}
	tcp, maybe := c.tcpNetwork(scopeOf(cur), call.Args[0])
	conn := c.resultVar(cur)
	if !tcp || c.skipLocal(cur, call.Args, 2, dialing) || c.enabledOn(scopeOf(cur), conn, 0) || c.returnedToDeciders(cur) || c.inertResult(cur, dialing) {
		return site{}, false
	}
	return site{cur: cur, what: "net.DialTCP", state: implicit, maybeTCP: maybe,
		fix: fixer.Site{Kind: fixer.ConnCreated, Node: call, Conns: []fixer.Conn{{Call: call, Var: resultIdent(cur)}}}}, true
}

// listenTCP handles net.ListenTCP(network, laddr): a TCPListener
// cannot take a keepalive setting, so the fix configures each
// connection that the function accepts from it.
func (c *checker) listenTCP(cur inspector.Cursor, call *ast.CallExpr) (site, bool) {
	if len(call.Args) != 2 {
		return site{}, false
	}
	tcp, maybe := c.tcpNetwork(scopeOf(cur), call.Args[0])
	ln := c.resultVar(cur)
	scope := scopeOf(cur)
	if !tcp || c.skipLocal(cur, call.Args, 1, listening) || c.enabledOn(scope, ln, 0) || c.inertResult(cur, listening) {
		return site{}, false
	}
	var conns []fixer.Conn
	if ln != nil {
		c.usesOf(scope, ln, func(use inspector.Cursor) bool {
			if accept, ok := acceptCall(use); ok {
				conns = append(conns, fixer.Conn{Call: accept.Node().(*ast.CallExpr), Var: resultIdent(accept)})
			}
			return false
		})
	}
	fix := fixer.Site{Kind: fixer.ConnCreated, Node: call, Conns: conns}
	if len(conns) == 0 && !c.takesFD(scope, ln, 0) {
		// Accepted in another function: it may listen through a
		// ListenConfig, on the networks it may be given.
		networks, _ := c.constStrings(scope, call.Args[0])
		fix = fixer.Site{Kind: fixer.ListenTCPCall, Node: call, Networks: networks}
	}
	return site{cur: cur, what: "net.ListenTCP", state: implicit, maybeTCP: maybe, fix: fix}, true
}

// takesFD reports whether code in scope takes the fd of the listener
// held by ln: ln.File(), ln.SyscallConn(), or a call that takes ln
// and returns an *os.File or a syscall.RawConn (a hook such as
// listenerFile = (*net.TCPListener).File). A listener made from that fd
// (net.FileListener, in this process or a child) is not the
// ListenConfig's, and keeps none of its keepalive.
func (c *checker) takesFD(scope inspector.Cursor, ln types.Object, depth int) bool {
	if ln == nil || depth > maxAliasDepth {
		return false
	}
	info := c.pass.TypesInfo
	return c.usesOf(scope, ln, func(use inspector.Cursor) bool {
		e := climbAssertions(use)
		switch p := e.Parent().Node().(type) {
		case *ast.SelectorExpr:
			return p.X == e.Node() && (p.Sel.Name == "File" || p.Sel.Name == "SyscallConn")
		case *ast.CallExpr:
			return p.Fun != e.Node() && returnsFD(info.TypeOf(p))
		case *ast.AssignStmt: // tl := ln
			alias := assignedVar(info, p, e.Node())
			return alias != nil && alias != ln && c.takesFD(scope, alias, depth+1)
		}
		return false
	})
}

// returnsFD reports whether t, a call's result, holds an *os.File or a
// syscall.RawConn.
func returnsFD(t types.Type) bool {
	isFD := func(t types.Type) bool {
		return fixer.IsNamedOrPointer(t, "os", "File") || fixer.IsNamedOrPointer(t, "syscall", "RawConn")
	}
	if tuple, ok := t.(*types.Tuple); ok {
		for i := range tuple.Len() {
			if isFD(tuple.At(i).Type()) {
				return true
			}
		}
		return false
	}
	return t != nil && isFD(t)
}

// acceptCall is the call ln.Accept() or ln.AcceptTCP() of which use
// is the receiver.
func acceptCall(use inspector.Cursor) (inspector.Cursor, bool) {
	sel, ok := use.Parent().Node().(*ast.SelectorExpr)
	if !ok || sel.X != use.Node() || (sel.Sel.Name != "Accept" && sel.Sel.Name != "AcceptTCP") {
		return inspector.Cursor{}, false
	}
	call := use.Parent().Parent()
	if c, ok := call.Node().(*ast.CallExpr); ok && c.Fun == sel {
		return call, true
	}
	return inspector.Cursor{}, false
}

// ownerOf is the variable or field that holds the value created at
// cur (through & and parentheses), if any.
func (c *checker) ownerOf(cur inspector.Cursor) types.Object {
	e := climbAddr(cur)
	switch p := e.Parent().Node().(type) {
	case *ast.AssignStmt:
		return assignedVar(c.pass.TypesInfo, p, e.Node())
	case *ast.ValueSpec:
		for i, v := range p.Values {
			if v == e.Node() && i < len(p.Names) {
				return c.pass.TypesInfo.Defs[p.Names[i]]
			}
		}
	case *ast.KeyValueExpr: // a field of another literal
		if id, ok := p.Key.(*ast.Ident); ok && p.Value == e.Node() {
			if v, ok := c.pass.TypesInfo.Uses[id].(*types.Var); ok && v.IsField() {
				return v
			}
		}
	}
	return nil
}

// resultVar is the variable that receives the (first) result of the
// call at cur.
func (c *checker) resultVar(cur inspector.Cursor) types.Object {
	return c.ownerOf(cur)
}

// resultIdent is the identifier that receives the first result of
// the call at cur, if it is assigned to a plain variable.
func resultIdent(cur inspector.Cursor) *ast.Ident {
	switch p := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(p.Rhs) == 1 && p.Rhs[0] == cur.Node() && len(p.Lhs) > 0 {
			id, _ := p.Lhs[0].(*ast.Ident)
			return id
		}
	case *ast.ValueSpec:
		if len(p.Values) == 1 && p.Values[0] == cur.Node() && len(p.Names) > 0 {
			return p.Names[0]
		}
	}
	return nil
}

// climbAddr climbs from cur through parentheses and & to the
// outermost expression that still denotes the same value.
func climbAddr(cur inspector.Cursor) inspector.Cursor {
	for {
		switch p := cur.Parent().Node().(type) {
		case *ast.ParenExpr:
			cur = cur.Parent()
			continue
		case *ast.UnaryExpr:
			if p.Op.String() == "&" {
				cur = cur.Parent()
				continue
			}
		}
		return cur
	}
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

func isBuiltin(obj types.Object, name string) bool {
	b, ok := obj.(*types.Builtin)
	return ok && b.Name() == name
}
