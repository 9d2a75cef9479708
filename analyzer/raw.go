package analyzer

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/kafix/kafix/fixer"
)

// This file finds raw TCP sockets: calls of syscall.Socket and
// unix.Socket whose arguments, evaluated as constants through
// go/types, make a TCP socket; calls of socket constructors (functions
// that pass their parameters into Socket and return the fd) whose
// arguments do; and the fds accepted from such sockets.
//
// Arguments are evaluated, never spelled: a constant expression
// (syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, a named constant of the
// program), a local variable whose every assignment in the function
// is a constant, or a parameter of the enclosing function, which makes
// that function a constructor instead of a site.

// findRawSites finds raw syscall and x/sys/unix TCP sockets, and calls
// of socket constructors, that nobody turns keepalive on for.
func (c *checker) findRawSites() []site {
	var sites []site
	for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if pkg, ok := keepAliveOff(c.pass.TypesInfo, call); ok {
			if !containsKeepAliveSetsockopt(c.pass.TypesInfo, scopeOf(cur).Node()) {
				sites = append(sites, site{cur: cur, what: pkg + ".SetsockoptInt(SO_KEEPALIVE, 0)", state: disabled,
					fix: fixer.Site{Kind: fixer.RawDisable, Node: call, GOOS: c.fileGOOS(enclosingFile(cur))}})
			}
			// else an on/off switch (func (c *Conn) SetKeepAlive(on
			// bool)): it carries out its caller's decision, and
			// "fixing" its off branch would turn the switch around.
			continue
		}
		if s, ok := c.goListenerAccept(cur, call); ok {
			sites = append(sites, s)
			continue
		}
		sc, ok := c.socketCall(call)
		if !ok {
			continue
		}
		fn := scopeOf(cur)
		if _, ok := fn.Node().(*ast.FuncDecl); !ok {
			continue // a package-level socket has no error check to follow
		}
		vals := c.argVals(fn, sc)
		if classify(sc.consts, vals) != tcp || c.handedOut(cur, sc) {
			continue
		}
		if s, ok := c.rawSite(cur, sc, vals); ok {
			sites = append(sites, s)
		}
	}
	return sites
}

// rawSite builds the site of the TCP socket that the call at cur
// creates, unless keepalive is turned on for it.
func (c *checker) rawSite(cur inspector.Cursor, sc *sockCall, vals [3]argVal) (site, bool) {
	call := cur.Node().(*ast.CallExpr)
	scope := scopeOf(cur)
	fdVar := c.resultAt(cur, sc.result)
	if fdVar != nil {
		if wide := c.fdScope(scope, fdVar); c.enabledOn(wide, fdVar, 0) || c.disabledOn(wide, fdVar) {
			return site{}, false // on, or turned off where it is reported
		}
	}
	if fdVar != nil && !c.cfg.Loopback && c.boundOrConnectedLocally(scope, fdVar) {
		return site{}, false // its peers are on this host
	}
	if c.inertSocket(cur, sc.result) {
		return site{}, false // options only: no data goes through it
	}
	what := sc.name
	if sc.ctor {
		what += " (a socket constructor)"
	}
	fix := fixer.Site{
		Kind:      fixer.RawSocket,
		Node:      call,
		SocketPkg: sc.pkg,
		Domain:    domainName(sc.consts, vals[roleDomain]),
		GOOS:      c.fileGOOS(enclosingFile(cur)),
		Conns:     []fixer.Conn{{Call: call, Var: resultIdentAt(cur, sc.result), Held: sc.held, Field: sc.fdField}},
	}
	// An fd handed to net.FileConn or net.FileListener gets Go's
	// implicit keepalive, which net sets on the connection it makes
	// (overriding any option set on the raw fd): the fix configures
	// that connection.
	if fdVar != nil && !sc.held {
		if w, ok := c.wrappedByNet(scope, fdVar); ok {
			return c.fileSite(cur, w, what)
		}
	}

	// A listening socket: its accepted fds are the connections.
	var uncovered []fixer.Conn
	accepts := 0
	if fdVar != nil {
		c.usesOf(scope, fdVar, func(use inspector.Cursor) bool {
			acc, ok := rawAcceptCall(c.pass.TypesInfo, use)
			if sc.held {
				acc, ok = heldAcceptCall(c.pass.TypesInfo, use)
			}
			if !ok {
				return false
			}
			accepts++
			nfd := c.resultAt(acc, 0)
			if nfd != nil && c.enabledOn(scope, nfd, 0) {
				return false
			}
			if nfd != nil {
				if _, wrapped := c.wrappedByNet(scope, nfd); wrapped {
					return false // Go's implicit keepalive: net's business
				}
			}
			uncovered = append(uncovered, fixer.Conn{Call: acc.Node().(*ast.CallExpr), Var: resultIdentAt(acc, 0), Held: sc.held, Field: sc.fdField})
			return false
		})
	}
	switch {
	case accepts > 0 && len(uncovered) == 0:
		return site{}, false // every accepted fd is configured
	case accepts > 0 && !fixer.ListenerOptionsCopied(fix.GOOS):
		// Only Linux and the BSDs let an accepted socket inherit the
		// listener's keepalive options.
		fix.Kind = fixer.RawAccept
		fix.Conns = uncovered
		what += " (listening; each accepted socket is configured)"
	case accepts > 0:
		what += " (listening; accepted sockets copy its options)"
	}
	return site{cur: cur, what: what, state: absent, fix: fix}, true
}

// boundOrConnectedLocally reports whether fdVar, a raw socket, is
// bound to a loopback address (a listening socket bound there accepts
// only connections from this host, and one that connects can reach
// only this host) or connected to one, in scope. When a peer on this
// host dies, its kernel closes the connection at once (SPEC section
// 2): keepalive cannot matter.
func (c *checker) boundOrConnectedLocally(scope inspector.Cursor, fdVar types.Object) bool {
	info := c.pass.TypesInfo
	return c.usesOf(scope, fdVar, func(use inspector.Cursor) bool {
		if sel, ok := use.Parent().Node().(*ast.SelectorExpr); ok && (sel.Sel.Name == "Bind" || sel.Sel.Name == "Connect") {
			// A value that holds the fd: c.Bind(sa), c.Connect(ctx, sa).
			call, ok := use.Parent().Parent().Node().(*ast.CallExpr)
			return ok && call.Fun == sel && len(call.Args) > 0 && addrEval{c, scope, dialing}.local(call.Args[len(call.Args)-1], 0)
		}
		call, ok := use.Parent().Node().(*ast.CallExpr)
		if !ok || len(call.Args) != 2 || call.Args[0] != use.Node() {
			return false
		}
		callee := typeutil.Callee(info, call)
		if !fixer.IsPkgFunc(callee, fixer.PkgSyscall, "Bind", "Connect") && !fixer.IsPkgFunc(callee, fixer.PkgUnix, "Bind", "Connect") {
			return false
		}
		return addrEval{c, scope, dialing}.local(call.Args[1], 0)
	})
}

// rawAcceptCall is the call syscall.Accept(fd), syscall.Accept4(fd,
// flags) or their x/sys/unix twins of which use is the fd argument.
func rawAcceptCall(info *types.Info, use inspector.Cursor) (inspector.Cursor, bool) {
	e := use
	for {
		if p, ok := e.Parent().Node().(*ast.ParenExpr); ok && p.X == e.Node() {
			e = e.Parent()
			continue
		}
		break
	}
	call, ok := e.Parent().Node().(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || call.Args[0] != e.Node() {
		return inspector.Cursor{}, false
	}
	callee := typeutil.Callee(info, call)
	if fixer.IsPkgFunc(callee, fixer.PkgSyscall, "Accept", "Accept4") || fixer.IsPkgFunc(callee, fixer.PkgUnix, "Accept", "Accept4") {
		return e.Parent(), true
	}
	return inspector.Cursor{}, false
}

// heldAcceptCall is the call c.Accept(...) of which use is c, a value
// that holds a listening socket's fd (mdlayher/socket's *Conn), when
// its first result has c's type: the accepted socket, held alike.
func heldAcceptCall(info *types.Info, use inspector.Cursor) (inspector.Cursor, bool) {
	sel, ok := use.Parent().Node().(*ast.SelectorExpr)
	if !ok || sel.X != use.Node() || sel.Sel.Name != "Accept" {
		return inspector.Cursor{}, false
	}
	call := use.Parent().Parent()
	if ce, ok := call.Node().(*ast.CallExpr); !ok || ce.Fun != sel {
		return inspector.Cursor{}, false
	}
	results, ok := info.TypeOf(call.Node().(ast.Expr)).(*types.Tuple)
	if !ok || results.Len() == 0 || !types.Identical(results.At(0).Type(), info.TypeOf(sel.X)) {
		return inspector.Cursor{}, false
	}
	return call, true
}

// A netWrap is a net.FileConn or net.FileListener call that wraps an
// fd through os.NewFile.
type netWrap struct {
	call     inspector.Cursor
	listener bool
}

// wrappedByNet finds where the fd held by fdVar is handed to
// net.FileConn or net.FileListener through os.NewFile in scope,
// directly or through the result of a conversion helper
// (fdUintptr, err := toUintptr(fd); os.NewFile(fdUintptr, name)).
func (c *checker) wrappedByNet(scope inspector.Cursor, fdVar types.Object) (netWrap, bool) {
	return c.wrappedByNetDepth(scope, fdVar, 0)
}

func (c *checker) wrappedByNetDepth(scope inspector.Cursor, fdVar types.Object, depth int) (netWrap, bool) {
	info := c.pass.TypesInfo
	var w netWrap
	found := false
	c.usesOf(scope, fdVar, func(use inspector.Cursor) bool {
		e := climbConversions(info, use)
		call, ok := e.Parent().Node().(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || call.Args[0] != e.Node() {
			return false
		}
		if !fixer.IsPkgFunc(typeutil.Callee(info, call), "os", "NewFile") {
			// A helper that converts the fd: follow its result once.
			if v := c.resultVar(e.Parent()); depth == 0 && len(call.Args) == 1 && v != nil && isUintptr(v.Type()) {
				w, found = c.wrappedByNetDepth(scope, v, depth+1)
			}
			return found
		}
		file := e.Parent()
		if w, found = netWrapOf(info, file); found {
			return true
		}
		if fileVar := c.ownerOf(file); fileVar != nil {
			c.usesOf(scope, fileVar, func(use inspector.Cursor) bool {
				w, found = netWrapOf(info, use)
				return found
			})
		}
		return found
	})
	return w, found
}

// netWrapOf reports whether e is the argument of net.FileConn or
// net.FileListener.
func netWrapOf(info *types.Info, e inspector.Cursor) (netWrap, bool) {
	call, ok := e.Parent().Node().(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Args[0] != e.Node() {
		return netWrap{}, false
	}
	callee := typeutil.Callee(info, call)
	switch {
	case fixer.IsPkgFunc(callee, "net", "FileConn"):
		return netWrap{call: e.Parent()}, true
	case fixer.IsPkgFunc(callee, "net", "FileListener"):
		return netWrap{call: e.Parent(), listener: true}, true
	}
	return netWrap{}, false
}

// climbConversions climbs from e through parentheses and conversions
// such as uintptr(fd).
func climbConversions(info *types.Info, e inspector.Cursor) inspector.Cursor {
	for {
		switch p := e.Parent().Node().(type) {
		case *ast.ParenExpr:
			e = e.Parent()
			continue
		case *ast.CallExpr:
			if tv, ok := info.Types[p.Fun]; ok && tv.IsType() && len(p.Args) == 1 && p.Args[0] == e.Node() {
				e = e.Parent()
				continue
			}
		}
		return e
	}
}

// fileSite is the site of a raw socket wrapped by net.FileConn or
// net.FileListener: net gives the connection Go's implicit keepalive,
// unless the code configures it. The fix configures the connection
// (or, for a listener, each connection accepted from it in the
// function) after its error check, as for net.DialTCP.
func (c *checker) fileSite(cur inspector.Cursor, w netWrap, what string) (site, bool) {
	scope := scopeOf(cur)
	wrapped := w.call.Node().(*ast.CallExpr)
	owner := c.resultVar(w.call)
	if owner != nil && c.enabledOn(scope, owner, 0) {
		return site{}, false
	}
	fix := fixer.Site{Kind: fixer.ConnCreated, Node: cur.Node().(*ast.CallExpr)}
	if !w.listener {
		what += " wrapped by net.FileConn"
		fix.Conns = []fixer.Conn{{Call: wrapped, Var: resultIdent(w.call)}}
	} else {
		what += " wrapped by net.FileListener"
		if owner != nil {
			c.usesOf(scope, owner, func(use inspector.Cursor) bool {
				if accept, ok := acceptCall(use); ok {
					fix.Conns = append(fix.Conns, fixer.Conn{Call: accept.Node().(*ast.CallExpr), Var: resultIdent(accept)})
				}
				return false
			})
		}
	}
	return site{cur: cur, what: what, state: implicit, fix: fix}, true
}

// domainName is AF_INET or AF_INET6 when v is one of them, else "".
func domainName(k sockConsts, v argVal) string {
	if !v.known || len(v.vals) == 0 {
		return ""
	}
	name := ""
	for _, d := range v.vals {
		n := ""
		switch d {
		case k.AFInet:
			n = "AF_INET"
		case k.AFInet6:
			n = "AF_INET6"
		}
		if name != "" && n != name {
			return ""
		}
		name = n
	}
	return name
}

// keepAliveOff reports whether call is SetsockoptInt(fd, SOL_SOCKET,
// SO_KEEPALIVE, 0), which turns keepalive off, and names its package.
func keepAliveOff(info *types.Info, call *ast.CallExpr) (string, bool) {
	callee := typeutil.Callee(info, call)
	if !fixer.IsPkgFunc(callee, fixer.PkgSyscall, "SetsockoptInt") && !fixer.IsPkgFunc(callee, fixer.PkgUnix, "SetsockoptInt") &&
		!fixer.IsPkgFunc(callee, "golang.org/x/sys/windows", "SetsockoptInt") {
		return "", false
	}
	if len(call.Args) != 4 || !isConstNamed(info, call.Args[2], "SO_KEEPALIVE") {
		return "", false
	}
	if v, ok := constInt(info, call.Args[3]); !ok || v != 0 {
		return "", false
	}
	return callee.Pkg().Name(), true
}

// disabledOn reports whether code in scope turns keepalive off for the
// fd held by fdVar: that call is a site of its own.
func (c *checker) disabledOn(scope inspector.Cursor, fdVar types.Object) bool {
	return c.usesOf(scope, fdVar, func(use inspector.Cursor) bool {
		e := climbConversions(c.pass.TypesInfo, use)
		call, ok := e.Parent().Node().(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || call.Args[0] != e.Node() {
			return false
		}
		_, off := keepAliveOff(c.pass.TypesInfo, call)
		return off
	})
}

func isUintptr(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Uintptr
}
