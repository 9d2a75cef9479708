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

// This file evaluates the arguments of socket calls: which package's
// constants they use, the values each may take (constants, a local
// assigned only constants, or a parameter of the enclosing function),
// and whether together they make a TCP socket.

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
	// held: the result holds the fd (see socketConstructor.Held);
	// fdField is the field that holds it, if known.
	held    bool
	fdField string
}

// socketCall reports whether call creates a socket, and how.
func (c *checker) socketCall(call *ast.CallExpr) (*sockCall, bool) {
	fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return nil, false
	}
	if fixer.IsPkgFunc(fn, fixer.PkgSyscall, "Socket") || fixer.IsPkgFunc(fn, fixer.PkgUnix, "Socket") {
		if len(call.Args) != 3 {
			return nil, false
		}
		consts, ok := sockConstsOf(fn.Pkg())
		if !ok {
			return nil, false
		}
		path := fixer.Vendorless(fn.Pkg().Path())
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
	sc := &sockCall{pkg: fact.Pkg, ctor: true, consts: fact.Consts, result: fact.Result, held: fact.Held, fdField: fact.FDField, name: fn.Name()}
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
		return c.resultVals(e, 0, depth+1) // family(network)
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
		if f, ok := info.Defs[decl.Name].(*types.Func); ok {
			if i := paramIndex(f.Signature(), v); i >= 0 {
				return argVal{param: i}
			}
		}
		if v.Pos() < decl.Body.Pos() || v.Pos() >= decl.Body.End() {
			return unknownVal // a package variable or a result
		}
		return c.assignedVals(fn, v, depth+1)
	}
	return unknownVal
}

// resultVals evaluates result i of call, a call of a function of this
// package, as the union of what its successful returns give there
// (see successReturns): netpoll's favoriteAddrFamily(network, ...)
// returns AF_INET or AF_INET6 and nothing else. A return of another
// such call is followed; anything that is not a constant there (a
// parameter included) is unknown.
func (c *checker) resultVals(call *ast.CallExpr, i, depth int) argVal {
	if depth > maxEvalDepth {
		return unknownVal
	}
	fn, decl, ok := c.packageCallee(call)
	if !ok || i >= fn.Signature().Results().Len() {
		return unknownVal
	}
	n := fn.Signature().Results().Len()
	out := argVal{known: true, param: -1}
	ok = c.successReturns(decl, func(ret *ast.ReturnStmt) {
		var v argVal
		switch {
		case len(ret.Results) == n:
			v = c.evalArg(decl, ret.Results[i], depth)
			if v.param >= 0 {
				v = unknownVal // the callee's parameter: not followed to the call's arguments
			}
		case len(ret.Results) == 1:
			if inner, isCall := ast.Unparen(ret.Results[0]).(*ast.CallExpr); isCall {
				v = c.resultVals(inner, i, depth+1)
			}
		}
		if !v.known {
			out.known = false
		}
		out.vals = append(out.vals, v.vals...)
	})
	if !ok || !out.known || len(out.vals) == 0 {
		return unknownVal
	}
	return out
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
			case len(p.Lhs) != len(p.Rhs) && len(p.Rhs) == 1:
				// family, ipv6only := favoriteAddrFamily(network, ...)
				call, isCall := ast.Unparen(p.Rhs[0]).(*ast.CallExpr)
				if !isCall || p.Tok == token.OR_ASSIGN {
					ok = false
					continue
				}
				add(c.resultVals(call, i, depth))
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
			case len(p.Values) == 1 && len(p.Names) > 1:
				call, isCall := ast.Unparen(p.Values[0]).(*ast.CallExpr)
				if !isCall {
					ok = false
					continue
				}
				add(c.resultVals(call, i, depth))
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
	if !ok || len(out.vals) == 0 {
		return unknownVal
	}
	return out
}

// paramIndex is the index of v among the parameters of sig (nil: a
// function whose type is unknown), or -1.
func paramIndex(sig *types.Signature, v *types.Var) int {
	if sig == nil {
		return -1
	}
	params := sig.Params()
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
func isSocketPkg(path string) bool {
	path = fixer.Vendorless(path)
	return path == fixer.PkgSyscall || path == fixer.PkgUnix
}

func constInt64(k *types.Const) (int64, bool) {
	v := constant.ToInt(k.Val())
	if v.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(v)
}
