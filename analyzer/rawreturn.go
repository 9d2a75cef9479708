package analyzer

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/inspector"
)

// This file moves the site of a TCP socket that a function creates
// with its own constants and returns to the function's callers:
//
//	func tcpSocket(addr string) (fd int, err error) {
//		fd, err = unix.Socket(family, unix.SOCK_STREAM, unix.IPPROTO_TCP)
//		...
//		return fd, nil
//	}
//
// The function hands the fd out undecided; its callers decide, often
// behind an option of their own (if opts.TCPKeepAlive > 0 {
// setKeepAlive(fd, ...) }). Such a function is a socket constructor
// whose arguments are all fixed (the socketConstructor fact, exported
// like any other), so each of its calls is a site unless the caller
// turns keepalive on for the fd it receives, and a caller that
// returns the fd in turn hands it out further. An exported function's
// callers may be in importing packages; it hands the fd out to them
// only when its package also exports a keepalive setter for fds (see
// exportsFDSetter): then the fact makes their calls the sites, where
// the fd crosses the package boundary, and analyzed without them it
// reports nothing, like a wrapper of Socket that takes its arguments
// as parameters, or net.Dial. Otherwise its site stays where the fd
// leaves the package: its own call of Socket or of the constructor.

// handsOutFD reports whether the site of a TCP socket that fn creates
// and returns may move to fn's callers: every caller can be followed
// and there is one. Not for a method (it may be called through an
// interface), nor for a function used as a value in the package (its
// calls through the value are not followed); an unexported function
// that nobody calls keeps its site, so that it is reported somewhere.
func (c *checker) handsOutFD(fn *types.Func) bool {
	if fn.Signature().Recv() != nil {
		return false
	}
	refs := c.funcRefs()[fn]
	if refs.asValue || len(refs.registries) > 0 || refs.outside {
		return false // a caller this analysis would not report
	}
	return len(refs.calls) > 0 || fn.Exported() && c.importable() && c.exportsFDSetter()
}

// exportsFDSetter reports whether the package exports a function that
// turns keepalive on for an fd it is given (socket.SetKeepAlive(fd,
// ...)): a package that exports both a TCP fd and the means to
// configure it leaves keepalive to its callers, which decide behind
// options of their own. One that does not is where the fd's keepalive
// is decided, so an exported function of it that returns a TCP fd
// keeps its site.
func (c *checker) exportsFDSetter() bool {
	for fn, fact := range c.enables {
		if !fn.Exported() || fn.Signature().Recv() != nil {
			continue
		}
		for _, i := range fact.Params {
			if b, ok := fn.Signature().Params().At(i).Type().Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				return true
			}
		}
	}
	return false
}

// importable reports whether other packages can import this one, and
// so call its exported functions.
func (c *checker) importable() bool {
	return c.pass.Pkg.Name() != "main" && !strings.HasSuffix(c.pass.Pkg.Path(), "_test")
}

// funcRef is how this package refers to one of its functions.
type funcRef struct {
	calls   []inspector.Cursor // the calls that call it: f(...), f[T](...)
	asValue bool               // referred to in any other way than below
	// registries are the package-level maps it is stored in (M[k] =
	// f), whose lookups registryCalls follows.
	registries []*types.Var
	// outside says that a call stands in a file that refers to no
	// socket package, which the analysis does not look for sites in.
	outside bool
}

// funcRefs finds, once per pass, how the package refers to its own
// functions, in every file.
func (c *checker) funcRefs() map[*types.Func]funcRef {
	if c.refs != nil {
		return c.refs
	}
	c.refs = make(map[*types.Func]funcRef)
	seen := make(map[*ast.File]bool)
	for _, f := range socketFiles(c.pass) {
		seen[f] = true
	}
	for file := range c.everyFile().Root().Children() {
		inSeen := seen[file.Node().(*ast.File)]
		for cur := range file.Preorder((*ast.Ident)(nil)) {
			fn, ok := c.pass.TypesInfo.Uses[cur.Node().(*ast.Ident)].(*types.Func)
			if !ok || fn.Pkg() != c.pass.Pkg {
				continue
			}
			fn = fn.Origin()
			r := c.refs[fn]
			if isCallee(cur) {
				r.calls = append(r.calls, callOf(cur))
				r.outside = r.outside || !inSeen
			} else if m := c.registryOf(cur); m != nil {
				if !slices.Contains(r.registries, m) {
					r.registries = append(r.registries, m)
				}
			} else {
				r.asValue = true
			}
			c.refs[fn] = r
		}
	}
	return c.refs
}

// callersKnown is how the package refers to fn, declared at decl, if
// its calls in the package are all it has: a function (a method may be
// called through an interface, which does not name it) that importers
// cannot call (unexported, or declared in a test file), never used as
// a value but stored in registries whose lookups are all called (see
// registry.go), and called at least once, directly or through them.
func (c *checker) callersKnown(fn *types.Func, decl *ast.FuncDecl) (funcRef, bool) {
	if fn.Signature().Recv() != nil {
		return funcRef{}, false
	}
	if fn.Exported() && !strings.HasSuffix(c.pass.Fset.File(decl.Pos()).Name(), "_test.go") {
		return funcRef{}, false // importers may call it
	}
	r := c.funcRefs()[fn]
	if len(r.registries) > 0 {
		var ok bool
		if r, ok = c.withRegistryCalls(r); !ok {
			return funcRef{}, false
		}
	}
	return r, !r.asValue && len(r.calls) > 0
}

// callOf is the call whose callee is the identifier at cur (see
// isCallee).
func callOf(cur inspector.Cursor) inspector.Cursor {
	for {
		if _, ok := cur.Node().(*ast.CallExpr); ok {
			return cur
		}
		cur = cur.Parent()
	}
}

// isCallee reports whether the identifier at cur is what a call
// calls: f(...), f[T](...), (f)(...).
func isCallee(cur inspector.Cursor) bool {
	e := cur
	for {
		switch p := e.Parent().Node().(type) {
		case *ast.ParenExpr:
		case *ast.IndexExpr:
			if p.X != e.Node() {
				return false
			}
		case *ast.IndexListExpr:
			if p.X != e.Node() {
				return false
			}
		case *ast.SelectorExpr: // a method: x.m(...)
			if p.Sel != e.Node() {
				return false
			}
		case *ast.CallExpr:
			return p.Fun == e.Node()
		default:
			return false
		}
		e = e.Parent()
	}
}

// keptHere reports whether the function at decl does something with
// the TCP fd held by fdVar that keeps its site where the fd is
// created, though it returns the fd: it turns keepalive off, accepts
// on it, or hands it to net.FileConn or net.FileListener.
func (c *checker) keptHere(decl inspector.Cursor, fdVar types.Object) bool {
	if c.disabledOn(decl, fdVar) {
		return true
	}
	if _, ok := c.wrappedByNet(decl, fdVar); ok {
		return true
	}
	return c.usesOf(decl, fdVar, func(use inspector.Cursor) bool {
		_, ok := rawAcceptCall(c.pass.TypesInfo, use)
		return ok
	})
}

// handedOut reports whether the TCP socket that the call sc at cur
// creates is returned by its function, a constructor with fixed
// arguments: the site is at that function's callers.
func (c *checker) handedOut(cur inspector.Cursor, sc *sockCall) bool {
	decl, ok := scopeOf(cur).Node().(*ast.FuncDecl)
	if !ok {
		return false
	}
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return false
	}
	fact := c.ctors[fn]
	if fact == nil || !fact.fixed() {
		return false
	}
	return c.returnedFD(scopeOf(cur), fn, cur, sc).result == fact.Result
}

// fdScope is where code that decides keepalive for the fd held by v
// may stand, for a site in scope: scope itself for a local variable;
// the whole package for a struct field or a package variable, which
// any of its functions may configure (ln.fd, err = socket(...) in
// open, setKeepAlive(ln.fd, ...) in the function that calls open).
func (c *checker) fdScope(scope inspector.Cursor, v types.Object) inspector.Cursor {
	if v, ok := v.(*types.Var); ok && (v.IsField() || v.Parent() == c.pass.Pkg.Scope()) {
		return c.insp.Root()
	}
	return scope
}
