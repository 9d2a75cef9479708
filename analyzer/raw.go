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

// unknownArg marks a constructor argument that is neither a parameter
// nor a constant.
const unknownArg = -1

// sockConsts are the constants of a socket package that classify a
// socket, as go/types evaluates them for the system being analyzed.
// A socket constructor's fact carries them, so that its callers can
// classify their arguments without the package that defines them.
type sockConsts struct {
	AFInet, AFInet6 int64
	Stream          int64
	Flags           int64 // SOCK_NONBLOCK|SOCK_CLOEXEC where the system has them
	ProtoTCP        int64
}

// sockConstsOf reads the classifying constants from pkg, syscall or
// x/sys/unix.
func sockConstsOf(pkg *types.Package) (sockConsts, bool) {
	get := func(name string) (int64, bool) {
		k, ok := pkg.Scope().Lookup(name).(*types.Const)
		if !ok {
			return 0, false
		}
		return constInt64(k)
	}
	var sc sockConsts
	var ok [4]bool
	sc.AFInet, ok[0] = get("AF_INET")
	sc.AFInet6, ok[1] = get("AF_INET6")
	sc.Stream, ok[2] = get("SOCK_STREAM")
	sc.ProtoTCP, ok[3] = get("IPPROTO_TCP")
	nonblock, _ := get("SOCK_NONBLOCK")
	cloexec, _ := get("SOCK_CLOEXEC")
	sc.Flags = nonblock | cloexec
	return sc, ok[0] && ok[1] && ok[2] && ok[3]
}

// roles of Socket's arguments.
const (
	roleDomain = iota
	roleType
	roleProto
)

// A sockCall is a call that creates a socket: Socket itself, or a
// socket constructor.
type sockCall struct {
	pkg    string      // the socket package: fixer.PkgSyscall or fixer.PkgUnix
	name   string      // how messages name the callee: "syscall.Socket", "sysSocket"
	ctor   bool        // a constructor, not Socket itself
	consts sockConsts  // the socket package's classifying constants
	args   [3]ast.Expr // the arguments for domain, type, proto; nil when the constructor fixes them
	fixed  [3]int64    // the constructor's own values for the roles it fixes, or unknownArg
	result int         // index of the fd among the call's results
}

// socketCall reports whether call creates a socket, and how.
func (c *checker) socketCall(call *ast.CallExpr) (*sockCall, bool) {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return nil, false
	}
	if isPkgFunc(fn, fixer.PkgSyscall, "Socket") || isPkgFunc(fn, fixer.PkgUnix, "Socket") {
		if len(call.Args) != 3 {
			return nil, false
		}
		consts, ok := sockConstsOf(fn.Pkg())
		if !ok {
			return nil, false
		}
		path := vendorless(fn.Pkg().Path())
		return &sockCall{
			pkg:    path,
			name:   fn.Pkg().Name() + ".Socket",
			consts: consts,
			args:   [3]ast.Expr{call.Args[0], call.Args[1], call.Args[2]},
		}, true
	}
	fact := c.ctorFact(fn)
	if fact == nil {
		return nil, false
	}
	sc := &sockCall{pkg: fact.Pkg, ctor: true, consts: fact.Consts, result: fact.Result, name: fn.Name()}
	if fn.Pkg() != c.pass.Pkg {
		sc.name = fn.Pkg().Name() + "." + fn.Name()
	}
	for role, param := range [3]int{fact.Domain, fact.Type, fact.Proto} {
		switch {
		case param >= 0 && param < len(call.Args):
			sc.args[role] = call.Args[param]
		case param >= 0:
			return nil, false // variadic or mismatched: not the fact's function
		default:
			sc.fixed[role] = [3]int64{fact.FixedDomain, fact.FixedType, fact.FixedProto}[role]
		}
	}
	return sc, true
}

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

// An argVal is what an argument can be: a set of constants, a
// parameter of the enclosing function, or unknown.
type argVal struct {
	vals  []int64 // the possible values, when known
	known bool
	param int // index of the parameter it is, or -1
}

var unknownVal = argVal{param: -1}

// maxEvalDepth bounds how far evalArg follows local variables.
const maxEvalDepth = 3

// evalArg evaluates e, an argument of a socket call in the function
// declared at fn (nil at package level).
func (c *checker) evalArg(fn inspector.Cursor, e ast.Expr, depth int) argVal {
	info := c.pass.TypesInfo
	if v, ok := constInt(info, e); ok {
		return argVal{vals: []int64{v}, known: true, param: -1}
	}
	if depth > maxEvalDepth {
		return unknownVal
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return c.evalArg(fn, e.X, depth)
	case *ast.CallExpr: // int(family)
		if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return c.evalArg(fn, e.Args[0], depth)
		}
	case *ast.BinaryExpr: // sotype|syscall.SOCK_CLOEXEC
		if e.Op != token.OR {
			return unknownVal
		}
		x, y := c.evalArg(fn, e.X, depth), c.evalArg(fn, e.Y, depth)
		switch {
		case x.known && y.known:
			return orVals(x, y)
		case x.param >= 0 && y.known:
			return x // a parameter with flags OR-ed in
		case y.param >= 0 && x.known:
			return y
		}
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return unknownVal
		}
		decl, ok := fn.Node().(*ast.FuncDecl)
		if !ok || decl.Body == nil {
			return unknownVal
		}
		if i := paramIndex(info, decl, v); i >= 0 {
			return argVal{param: i}
		}
		if v.Pos() < decl.Body.Pos() || v.Pos() >= decl.Body.End() {
			return unknownVal // a package variable or a result
		}
		return c.assignedVals(fn, v, depth+1)
	}
	return unknownVal
}

// orVals is every value of x OR-ed with every value of y.
func orVals(x, y argVal) argVal {
	out := argVal{known: true, param: -1}
	for _, a := range x.vals {
		for _, b := range y.vals {
			out.vals = append(out.vals, a|b)
		}
	}
	return out
}

// assignedVals evaluates v, a local variable of the function at fn,
// as the union of every value assigned to it there. A variable
// assigned anything that is not a constant, or whose address is
// taken, is unknown. A declaration without a value does not count:
// its zero value (AF_UNSPEC, 0) never makes a socket.
func (c *checker) assignedVals(fn inspector.Cursor, v *types.Var, depth int) argVal {
	info := c.pass.TypesInfo
	out := argVal{known: true, param: -1}
	ok := true
	add := func(val argVal) {
		if !val.known {
			ok = false
			return
		}
		out.vals = append(out.vals, val.vals...)
	}
	for cur := range fn.Preorder((*ast.Ident)(nil)) {
		id := cur.Node().(*ast.Ident)
		if info.Defs[id] != v && info.Uses[id] != v {
			continue
		}
		switch p := cur.Parent().Node().(type) {
		case *ast.AssignStmt:
			i := indexOfExpr(p.Lhs, id)
			if i < 0 {
				continue // a read
			}
			switch {
			case len(p.Lhs) != len(p.Rhs):
				ok = false
			case p.Tok == token.DEFINE || p.Tok == token.ASSIGN:
				add(c.evalArg(fn, p.Rhs[i], depth))
			case p.Tok == token.OR_ASSIGN: // typ |= syscall.SOCK_CLOEXEC
				y := c.evalArg(fn, p.Rhs[i], depth)
				if !y.known {
					ok = false
					continue
				}
				add(orVals(argVal{vals: append([]int64(nil), out.vals...), known: true}, y))
			default:
				ok = false
			}
		case *ast.ValueSpec:
			i := -1
			for j, n := range p.Names {
				if n == id {
					i = j
				}
			}
			switch {
			case i < 0:
				continue
			case len(p.Values) == 0:
				// var family int: only later assignments count
			case len(p.Values) != len(p.Names):
				ok = false
			default:
				add(c.evalArg(fn, p.Values[i], depth))
			}
		case *ast.UnaryExpr:
			if p.Op == token.AND {
				ok = false
			}
		case *ast.IncDecStmt, *ast.RangeStmt:
			ok = false
		}
		if !ok {
			return unknownVal
		}
	}
	if len(out.vals) == 0 {
		return unknownVal
	}
	return out
}

// paramIndex is the index of v among the parameters of decl, or -1.
func paramIndex(info *types.Info, decl *ast.FuncDecl, v *types.Var) int {
	fn, ok := info.Defs[decl.Name].(*types.Func)
	if !ok {
		return -1
	}
	params := fn.Signature().Params()
	for i := range params.Len() {
		if params.At(i) == v {
			return i
		}
	}
	return -1
}

func indexOfExpr(list []ast.Expr, e ast.Expr) int {
	for i, x := range list {
		if x == e {
			return i
		}
	}
	return -1
}

// A verdict says whether a socket call makes a TCP socket.
type verdict int

const (
	notTCP     verdict = iota // its arguments make something else, or are not constants
	tcp                       // its arguments make a TCP socket
	tcpByParam                // a TCP socket for some values of the enclosing function's parameters
)

// classify decides whether arguments of these values make a TCP
// socket: an internet domain, a type whose base is SOCK_STREAM once
// SOCK_NONBLOCK and SOCK_CLOEXEC are masked off (not a bit test:
// SOCK_SEQPACKET and SOCK_RAW share bits with SOCK_STREAM), and proto
// 0 or IPPROTO_TCP; or, whatever the domain, SOCK_STREAM with
// IPPROTO_TCP.
func classify(k sockConsts, vals [3]argVal) verdict {
	check := func(wild bool) bool {
		all := func(v argVal, ok func(int64) bool) bool {
			if v.param >= 0 {
				return wild
			}
			if !v.known {
				return false
			}
			for _, x := range v.vals {
				if !ok(x) {
					return false
				}
			}
			return true
		}
		stream := all(vals[roleType], func(t int64) bool { return t&^k.Flags == k.Stream })
		protoOK := all(vals[roleProto], func(p int64) bool { return p == 0 || p == k.ProtoTCP })
		protoTCP := all(vals[roleProto], func(p int64) bool { return p == k.ProtoTCP })
		inet := all(vals[roleDomain], func(d int64) bool { return d == k.AFInet || d == k.AFInet6 })
		return stream && protoOK && (inet || protoTCP)
	}
	switch {
	case check(false):
		return tcp
	case check(true):
		return tcpByParam
	}
	return notTCP
}

// argVals evaluates the role arguments of sc, called in the function
// at fn.
func (c *checker) argVals(fn inspector.Cursor, sc *sockCall) [3]argVal {
	var vals [3]argVal
	for role := range vals {
		switch {
		case sc.args[role] != nil:
			vals[role] = c.evalArg(fn, sc.args[role], 0)
		case sc.fixed[role] == unknownArg:
			vals[role] = unknownVal
		default:
			vals[role] = argVal{vals: []int64{sc.fixed[role]}, known: true, param: -1}
		}
	}
	return vals
}

// representative is one value that stands for all of v's values in a
// constructor's fact, or unknownArg when they disagree about the
// socket's kind.
func representative(k sockConsts, role int, v argVal) int64 {
	if !v.known || len(v.vals) == 0 {
		return unknownArg
	}
	first := v.vals[0]
	same := func(pred func(int64) bool) bool {
		for _, x := range v.vals {
			if pred(x) != pred(first) {
				return false
			}
		}
		return true
	}
	switch role {
	case roleDomain:
		if same(func(d int64) bool { return d == k.AFInet || d == k.AFInet6 }) {
			return first
		}
	case roleType:
		if same(func(t int64) bool { return t&^k.Flags == k.Stream }) {
			return first
		}
	case roleProto:
		for _, x := range v.vals {
			if x != first {
				if same(func(p int64) bool { return p == 0 || p == k.ProtoTCP }) {
					return 0
				}
				return unknownArg
			}
		}
		return first
	}
	return unknownArg
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
// socket is not a constructor: its Socket call is the site.
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
	if classify(sc.consts, vals) != tcpByParam {
		return nil
	}
	result, fdVar := c.returnedFD(decl, fn, call, sc.result)
	if result < 0 {
		return nil
	}
	if fdVar != nil && c.enabledOn(decl, fdVar, 0) {
		return nil // the constructor turns keepalive on itself
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

// findRawSites finds raw syscall and x/sys/unix TCP sockets, and calls
// of socket constructors, that nobody turns keepalive on for.
func (c *checker) findRawSites() []site {
	var sites []site
	for cur := range c.insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if pkg, ok := keepAliveOff(c.pass.TypesInfo, call); ok {
			sites = append(sites, site{cur: cur, what: pkg + ".SetsockoptInt(SO_KEEPALIVE, 0)", state: disabled,
				fix: fixer.Site{Kind: fixer.RawDisable, Node: call, GOOS: c.fileGOOS(enclosingFile(cur))}})
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
		if classify(sc.consts, vals) != tcp {
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
	if fdVar != nil && (c.enabledOn(scope, fdVar, 0) || c.disabledOn(scope, fdVar)) {
		return site{}, false // on, or turned off where it is reported
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
		Conns:     []fixer.Conn{{Call: call, Var: resultIdentAt(cur, sc.result)}},
	}

	// An fd handed to net.FileConn or net.FileListener gets Go's
	// implicit keepalive, which net sets on the connection it makes
	// (overriding any option set on the raw fd): the fix configures
	// that connection.
	if fdVar != nil {
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
			uncovered = append(uncovered, fixer.Conn{Call: acc.Node().(*ast.CallExpr), Var: resultIdentAt(acc, 0)})
			return false
		})
	}
	switch {
	case accepts > 0 && len(uncovered) == 0:
		return site{}, false // every accepted fd is configured
	case accepts > 0 && !inheritsKeepAlive(fix.GOOS):
		// Only Linux and the BSDs let an accepted socket inherit the
		// listener's keepalive options.
		fix.Kind = fixer.RawAccept
		fix.Conns = uncovered
		what += " (a listening socket; its accepted sockets are configured)"
	case accepts > 0:
		what += " (a listening socket; its accepted sockets inherit its options)"
	}
	return site{cur: cur, what: what, state: absent, fix: fix}, true
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
	if isPkgFunc(callee, fixer.PkgSyscall, "Accept", "Accept4") || isPkgFunc(callee, fixer.PkgUnix, "Accept", "Accept4") {
		return e.Parent(), true
	}
	return inspector.Cursor{}, false
}

// inheritsKeepAlive reports whether every system in goos (nil: every
// system) gives an accepted socket the listener's keepalive options:
// Linux and the BSDs do.
func inheritsKeepAlive(goos []string) bool {
	if goos == nil {
		return false
	}
	for _, g := range goos {
		switch g {
		case "linux", "android", "freebsd", "netbsd", "openbsd", "dragonfly":
		default:
			return false
		}
	}
	return true
}

// A netWrap is a net.FileConn or net.FileListener call that wraps an
// fd through os.NewFile.
type netWrap struct {
	call     inspector.Cursor
	listener bool
}

// wrappedByNet finds where the fd held by fdVar is handed to
// net.FileConn or net.FileListener through os.NewFile in scope.
func (c *checker) wrappedByNet(scope inspector.Cursor, fdVar types.Object) (netWrap, bool) {
	info := c.pass.TypesInfo
	var w netWrap
	found := false
	c.usesOf(scope, fdVar, func(use inspector.Cursor) bool {
		e := climbConversions(info, use)
		call, ok := e.Parent().Node().(*ast.CallExpr)
		if !ok || len(call.Args) == 0 || call.Args[0] != e.Node() || !isPkgFunc(typeutil.Callee(info, call), "os", "NewFile") {
			return false
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
	case isPkgFunc(callee, "net", "FileConn"):
		return netWrap{call: e.Parent()}, true
	case isPkgFunc(callee, "net", "FileListener"):
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

func isSocketPkg(path string) bool {
	path = vendorless(path)
	return path == fixer.PkgSyscall || path == fixer.PkgUnix
}

func constInt64(k *types.Const) (int64, bool) {
	v := constant.ToInt(k.Val())
	if v.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(v)
}

// keepAliveOff reports whether call is SetsockoptInt(fd, SOL_SOCKET,
// SO_KEEPALIVE, 0), which turns keepalive off, and names its package.
func keepAliveOff(info *types.Info, call *ast.CallExpr) (string, bool) {
	callee := typeutil.Callee(info, call)
	if !isPkgFunc(callee, fixer.PkgSyscall, "SetsockoptInt") && !isPkgFunc(callee, fixer.PkgUnix, "SetsockoptInt") &&
		!isPkgFunc(callee, "golang.org/x/sys/windows", "SetsockoptInt") {
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
