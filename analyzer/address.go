package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"net"
	"net/netip"
	"strings"

	"github.com/kafix/kafix/fixer"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// This file evaluates the network and address arguments of a dial or
// listen: a constant, or a variable whose every assignment is one
// (values.go), counts as those constants; an address that always names
// this host is local.

// tcpNetwork reports whether e, a network argument at a call in scope,
// names TCP: a constant "tcp", "tcp4" or "tcp6" (or a local variable
// that may hold one), or a value that is not a constant (maybe).
func (c *checker) tcpNetwork(scope inspector.Cursor, e ast.Expr) (tcp, maybe bool) {
	vals, ok := c.constStrings(scope, e)
	if !ok {
		return true, true
	}
	for _, s := range vals {
		switch s {
		case "tcp", "tcp4", "tcp6":
			return true, false
		}
	}
	return false, false
}

// An addrRole is what a call does with its address argument.
type addrRole int

const (
	// dialing connects to the address: the address of a listener of
	// this process is local too.
	dialing addrRole = iota
	// listening binds the address: only a loopback address is local
	// (":0" or a listener's "[::]:port" binds every interface, and
	// remote peers can connect).
	listening
)

// localAddress reports whether e, the address argument of a call in
// scope, always names this host (or no valid address at all): a
// loopback address (127.0.0.0/8, ::1, localhost), however it is
// spelled, or when dialing the address of a listener of this process.
// When a peer on this host dies, its kernel closes the connection at
// once: keepalive cannot matter there.
func (c *checker) localAddress(scope inspector.Cursor, e ast.Expr, role addrRole) bool {
	if role == listening && c.testEphemeral(e) {
		return true
	}
	return addrEval{c, scope, role}.local(e, 0)
}

// testEphemeral reports whether e, the address a test listens on,
// leaves the port to the system (":0", "0.0.0.0:0", a nil *TCPAddr or
// one without a Port): no other host can know that port, so the
// listener's only peers are the connections the test itself makes to
// the address it reads back, on this host.
func (c *checker) testEphemeral(e ast.Expr) bool {
	if !strings.HasSuffix(c.pass.Fset.File(e.Pos()).Name(), "_test.go") {
		return false
	}
	info := c.pass.TypesInfo
	e = ast.Unparen(e)
	if s, ok := constString(info, e); ok {
		_, port, err := net.SplitHostPort(s)
		return err == nil && port == "0"
	}
	if info.Types[e].IsNil() {
		return true // ListenTCP("tcp", nil)
	}
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		if lit, ok := ast.Unparen(u.X).(*ast.CompositeLit); ok && fixer.IsNamedOrPointer(info.TypeOf(lit), "net", "TCPAddr") {
			port := keyedValue(lit, "Port")
			n, known := int64(0), port == nil
			if port != nil {
				n, known = constInt(info, port)
			}
			return known && n == 0
		}
	}
	return false
}

// addrEval evaluates an address, host, IP or URL expression at a call
// in scope. It only climbs the expression and follows local variables
// (up to maxAliasDepth of them in a chain): it is run on sites only.
type addrEval struct {
	c     *checker
	scope inspector.Cursor
	role  addrRole
}

// local reports whether e always names this host; depth counts the
// local variables followed to reach it.
func (ev addrEval) local(e ast.Expr, depth int) bool {
	info := ev.c.pass.TypesInfo
	e = ast.Unparen(e)
	if s, ok := constString(info, e); ok {
		return isLoopback(s)
	}
	switch e := e.(type) {
	case *ast.Ident:
		return ev.localVar(e, depth)
	case *ast.UnaryExpr: // &net.TCPAddr{...}
		return e.Op == token.AND && ev.local(e.X, depth)
	case *ast.CompositeLit: // net.TCPAddr{IP: ...}, unix.SockaddrInet4{Addr: ...}
		return ev.loopbackTCPAddr(e, depth) || ev.loopbackSockaddr(e)
	case *ast.TypeAssertExpr: // ln.Addr().(*net.TCPAddr)
		return ev.local(e.X, depth)
	case *ast.BinaryExpr: // "127.0.0.1:" + port
		return e.Op == token.ADD && loopbackPrefix(constPrefix(info, e))
	case *ast.SelectorExpr:
		return ev.localField(e, depth)
	case *ast.CallExpr:
		return ev.localCall(e, depth)
	}
	return false
}

// localVar reports whether every value of the local variable id is
// local.
func (ev addrEval) localVar(id *ast.Ident, depth int) bool {
	if depth >= maxAliasDepth {
		return false
	}
	if x := ev.c.valueReaching(ev.scope, id); x != nil {
		return ev.local(x, depth+1)
	}
	vals, ok := ev.c.localValues(ev.scope, id)
	if !ok {
		return ev.localClosureParam(id, depth) || ev.localParam(id, depth)
	}
	if len(vals) == 0 {
		return false
	}
	info := ev.c.pass.TypesInfo
	for _, v := range vals {
		switch {
		case v.expr == nil:
			// A declaration without a value holds "" or nil: Listen("tcp",
			// "") binds every interface, but Dial("tcp", "") dials this
			// host.
			if b, ok := info.TypeOf(id).Underlying().(*types.Basic); !ok || b.Kind() != types.String || ev.role != dialing {
				return false
			}
		case v.result > 0:
			// Of a tuple, only the first result of net's and url's
			// parsers is an address (url.Parse, net.ResolveTCPAddr);
			// a function of the package is followed.
			call, ok := ast.Unparen(v.expr).(*ast.CallExpr)
			if !ok || !ev.localResult(call, v.result, depth+1) {
				return false
			}
		case !ev.local(v.expr, depth+1):
			return false
		}
	}
	return true
}

// localClosureParam reports whether id is a parameter of a function
// literal that is only ever called, each time with a local address:
//
//	listen := func(addr string) net.Listener { ... net.Listen("tcp", addr) ... }
//	l1 := listen("localhost:8001")
//
// The literal is called where it stands (go func(addr string) { ...
// }("127.0.0.1:0")) or through the local variable it is assigned to,
// which nothing else uses.
func (ev addrEval) localClosureParam(id *ast.Ident, depth int) bool {
	info := ev.c.pass.TypesInfo
	v, ok := info.Uses[id].(*types.Var)
	if !ok || depth >= maxAliasDepth {
		return false
	}
	for lit := range ev.scope.Preorder((*ast.FuncLit)(nil)) {
		fl := lit.Node().(*ast.FuncLit)
		sig, _ := info.TypeOf(fl).(*types.Signature)
		i := paramIndex(sig, v)
		if i < 0 {
			continue
		}
		var calls []*ast.CallExpr
		switch p := lit.Parent().Node().(type) {
		case *ast.CallExpr: // func(addr string) { ... }("127.0.0.1:0")
			if p.Fun != fl {
				return false
			}
			calls = append(calls, p)
		case *ast.AssignStmt: // listen := func(addr string) { ... }
			fn, ok := assignedVar(info, p, fl).(*types.Var)
			if !ok || len(p.Lhs) != len(p.Rhs) || p.Tok != token.DEFINE {
				return false
			}
			escapes := ev.c.usesOf(ev.scope, fn, func(use inspector.Cursor) bool {
				call, ok := use.Parent().Node().(*ast.CallExpr)
				if !ok || call.Fun != use.Node() {
					return true
				}
				calls = append(calls, call)
				return false
			})
			if escapes {
				return false
			}
		default:
			return false
		}
		for _, call := range calls {
			if call.Ellipsis.IsValid() || i >= len(call.Args) || !ev.local(call.Args[i], depth+1) {
				return false
			}
		}
		return len(calls) > 0
	}
	return false
}

// loopbackTCPAddr reports whether lit is a net.TCPAddr whose IP is
// loopback (a nil IP binds every interface).
func (ev addrEval) loopbackTCPAddr(lit *ast.CompositeLit, depth int) bool {
	if !fixer.IsNamedOrPointer(ev.c.pass.TypesInfo.TypeOf(lit), "net", "TCPAddr") || len(lit.Elts) == 0 {
		return false
	}
	ip := keyedValue(lit, "IP")
	if _, keyed := lit.Elts[0].(*ast.KeyValueExpr); !keyed {
		ip = lit.Elts[0]
	}
	return ip != nil && ev.local(ip, depth)
}

// loopbackSockaddr reports whether lit is a syscall or x/sys/unix
// SockaddrInet4 whose Addr is in 127.0.0.0/8, or a SockaddrInet6 whose
// Addr is ::1, written as a constant array ([4]byte{127, 0, 0, 1},
// [16]byte{15: 1}).
func (ev addrEval) loopbackSockaddr(lit *ast.CompositeLit) bool {
	info := ev.c.pass.TypesInfo
	t := info.TypeOf(lit)
	size := 0
	for _, pkg := range []string{fixer.PkgSyscall, fixer.PkgUnix} {
		switch {
		case fixer.IsNamedOrPointer(t, pkg, "SockaddrInet4"):
			size = net.IPv4len
		case fixer.IsNamedOrPointer(t, pkg, "SockaddrInet6"):
			size = net.IPv6len
		}
	}
	addr, ok := keyedValue(lit, "Addr").(*ast.CompositeLit)
	if size == 0 || !ok {
		return false // no Addr: every interface
	}
	ip := make(net.IP, size)
	next := 0
	for _, elt := range addr.Elts {
		v := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			i, known := constInt(info, kv.Key)
			if !known || i < 0 || int(i) >= size {
				return false
			}
			next, v = int(i), kv.Value
		}
		b, known := constInt(info, v)
		if !known || next >= size {
			return false
		}
		ip[next] = byte(b)
		next++
	}
	return ip.IsLoopback()
}

// localField handles srv.URL of an httptest.Server (dialing), u.Host
// of a local URL, and net.IPv6loopback.
func (ev addrEval) localField(sel *ast.SelectorExpr, depth int) bool {
	info := ev.c.pass.TypesInfo
	v, ok := info.Uses[sel.Sel].(*types.Var)
	if !ok || v.Pkg() == nil {
		return false
	}
	if !v.IsField() {
		return fixer.IsPkgVar(v, "net", "IPv6loopback")
	}
	recv := info.TypeOf(sel.X)
	switch {
	case v.Name() == "URL" && fixer.IsNamedOrPointer(recv, "net/http/httptest", "Server"):
		// The URL of a server of this process, on its own listener.
		return ev.role == dialing
	case v.Name() == "Host" && fixer.IsNamedOrPointer(recv, "net/url", "URL"):
		return ev.local(sel.X, depth)
	}
	return false
}

// addrFuncs are the functions whose first result names the host that
// their argument arg names (an address, a host, an IP or a URL).
var addrFuncs = map[[2]string]int{
	{"net", "JoinHostPort"}:        0,
	{"net", "ResolveTCPAddr"}:      1,
	{"net", "TCPAddrFromAddrPort"}: 0,
	{"net/netip", "AddrPortFrom"}:  0,
	{"net/url", "Parse"}:           0,
}

// localCall handles the calls that produce a local address.
func (ev addrEval) localCall(call *ast.CallExpr, depth int) bool {
	info := ev.c.pass.TypesInfo
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	pkg := fixer.Vendorless(fn.Pkg().Path())
	if fn.Signature().Recv() != nil {
		return ev.localMethod(call, fn, pkg, depth)
	}
	if arg, ok := addrFuncs[[2]string{pkg, fn.Name()}]; ok {
		return arg < len(call.Args) && ev.local(call.Args[arg], depth)
	}
	switch [2]string{pkg, fn.Name()} {
	case [2]string{"net", "IPv4"}:
		a, ok := int64(0), len(call.Args) == 4
		if ok {
			a, ok = constInt(info, call.Args[0])
		}
		return ok && a == 127 // 127.0.0.0/8
	case [2]string{"net/netip", "IPv6Loopback"}:
		return true
	case [2]string{"fmt", "Sprintf"}: // fmt.Sprintf("localhost:%d", port)
		format, ok := "", len(call.Args) > 0
		if ok {
			format, ok = constString(info, call.Args[0])
		}
		before, _, _ := strings.Cut(format, "%")
		return ok && loopbackPrefix(before)
	case [2]string{"strings", "TrimPrefix"}: // strings.TrimPrefix(srv.URL, "http://")
		scheme, ok := "", len(call.Args) == 2
		if ok {
			scheme, ok = constString(info, call.Args[1])
		}
		return ok && strings.HasSuffix(scheme, "://") && ev.local(call.Args[0], depth)
	}
	if len(call.Args) == 1 { // net.ParseIP("::1"), netip.MustParseAddrPort("127.0.0.1:0")
		if s, ok := constString(info, call.Args[0]); ok {
			return loopbackParse(pkg, fn.Name(), s)
		}
	}
	return ev.localResult(call, 0, depth)
}

// localResult reports whether result i of call, a call of a function
// of this package, is local on every successful return (see
// successReturns), evaluated in that function: a test helper that
// starts a server and returns its address (miekg/dns's
// RunLocalTCPServer returns l.Addr().String()).
func (ev addrEval) localResult(call *ast.CallExpr, i, depth int) bool {
	if depth >= maxAliasDepth {
		return false
	}
	fn, decl, ok := ev.c.packageCallee(call)
	if !ok || i >= fn.Signature().Results().Len() {
		return false
	}
	n := fn.Signature().Results().Len()
	inner := addrEval{ev.c, decl, ev.role}
	all, any := true, false
	ok = ev.c.successReturns(decl, func(ret *ast.ReturnStmt) {
		switch {
		case len(ret.Results) == n:
			all = all && inner.local(ret.Results[i], depth)
		case len(ret.Results) == 1:
			c, isCall := ast.Unparen(ret.Results[0]).(*ast.CallExpr)
			all = all && isCall && inner.localResult(c, i, depth+1)
		default:
			all = false
		}
		any = true
	})
	return ok && all && any
}

// localParam reports whether id is a parameter of the function
// declared at ev.scope that every call in the package passes a local
// address, and that nothing else can call: an unexported function, or
// one declared in a test file, neither a method nor used as a value
// (RunLocalTCPServer(":0"), and RunLocalTLSServer(laddr) that passes
// its own such parameter on).
func (ev addrEval) localParam(id *ast.Ident, depth int) bool {
	info := ev.c.pass.TypesInfo
	v, ok := info.Uses[id].(*types.Var)
	decl, isDecl := ev.scope.Node().(*ast.FuncDecl)
	if !ok || !isDecl || depth >= maxAliasDepth {
		return false
	}
	fn, isFunc := info.Defs[decl.Name].(*types.Func)
	if !isFunc {
		return false
	}
	sig := fn.Signature()
	i := paramIndex(sig, v)
	if i < 0 || sig.Variadic() && i == sig.Params().Len()-1 {
		return false
	}
	refs, ok := ev.c.callersKnown(fn, decl)
	if !ok {
		return false
	}
	for _, cur := range refs.calls {
		call := cur.Node().(*ast.CallExpr)
		if i >= len(call.Args) || !ev.c.localAddressAt(scopeOf(cur), call.Args[i], ev.role, depth+1) {
			return false
		}
	}
	return true
}

// localAddressAt is localAddress for an address that a chain of depth
// variables or parameters led to.
func (c *checker) localAddressAt(scope inspector.Cursor, e ast.Expr, role addrRole, depth int) bool {
	if role == listening && c.testEphemeral(e) {
		return true
	}
	return addrEval{c, scope, role}.local(e, depth)
}

// loopbackParse reports whether the parser pkg.name of package net or
// netip returns a loopback IP or address for s: not for "localhost",
// which net.ParseIP turns into a nil IP (every interface).
func loopbackParse(pkg, name, s string) bool {
	switch [2]string{pkg, name} {
	case [2]string{"net", "ParseIP"}:
		return net.ParseIP(s).IsLoopback()
	case [2]string{"net/netip", "ParseAddr"}, [2]string{"net/netip", "MustParseAddr"}:
		a, err := netip.ParseAddr(s)
		return err == nil && a.IsLoopback()
	case [2]string{"net/netip", "ParseAddrPort"}, [2]string{"net/netip", "MustParseAddrPort"}:
		a, err := netip.ParseAddrPort(s)
		return err == nil && a.Addr().IsLoopback()
	}
	return false
}

// localMethod handles the methods that produce a local address: a
// listener's Addr, and the String and AddrPort of a local address.
func (ev addrEval) localMethod(call *ast.CallExpr, fn *types.Func, pkg string, depth int) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	switch {
	case fn.Name() == "Addr":
		// Connecting to an address that this same process listens on
		// reaches this host whatever the IP: Linux routes a packet to
		// any of its own addresses over lo, and a listener on ":0"
		// reports "[::]:port", which Dial treats as this host.
		return ev.role == dialing && ev.isListener(fn, ev.c.pass.TypesInfo.TypeOf(sel.X))
	case fn.Name() == "LocalAddr" && pkg == "net":
		// The local address of a socket of this process (a
		// PacketConn's, a Conn's) is an address of this host.
		return ev.role == dialing
	case fn.Name() == "String" && (pkg == "net" || pkg == "net/netip"),
		fixer.IsMethod(fn, "net", "TCPAddr", "AddrPort"):
		return ev.local(sel.X, depth)
	}
	return false
}

// isListener reports whether fn, a method Addr() net.Addr, belongs to
// recv, a type that implements net.Listener (net.Listener itself,
// *net.TCPListener, a wrapper, an httptest.Server's Listener).
func (ev addrEval) isListener(fn *types.Func, recv types.Type) bool {
	sig := fn.Signature()
	if recv == nil || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	addr, ok := types.Unalias(sig.Results().At(0).Type()).(*types.Named)
	if !ok || !fixer.IsNamedOrPointer(addr, "net", "Addr") {
		return false
	}
	listener, ok := addr.Obj().Pkg().Scope().Lookup("Listener").(*types.TypeName)
	if !ok {
		return false
	}
	iface, ok := listener.Type().Underlying().(*types.Interface)
	return ok && (types.Implements(recv, iface) || types.Implements(types.NewPointer(recv), iface))
}

// constPrefix is the constant string that the sum e starts with:
// "127.0.0.1:" in "127.0.0.1:" + port + suffix.
func constPrefix(info *types.Info, e ast.Expr) string {
	for {
		if s, ok := constString(info, e); ok {
			return s
		}
		b, ok := ast.Unparen(e).(*ast.BinaryExpr)
		if !ok || b.Op != token.ADD {
			return ""
		}
		e = b.X
	}
}

// loopbackPrefix reports whether an address that starts with prefix
// has a loopback host whatever follows: the host ends within prefix,
// at its first ':' (or at "]:" after a '[').
func loopbackPrefix(prefix string) bool {
	var host string
	var ok bool
	if rest, bracketed := strings.CutPrefix(prefix, "["); bracketed {
		host, _, ok = strings.Cut(rest, "]:")
	} else {
		host, _, ok = strings.Cut(prefix, ":")
	}
	return ok && isLoopback(host)
}

func isLoopback(addr string) bool {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
