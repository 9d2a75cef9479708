package analyzer

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// setsKeepAlive is an object fact on a function that decides
// keepalive for some of its parameters: a *net.TCPConn or net.Conn on
// which it calls SetKeepAlive, SetKeepAliveConfig or
// SetKeepAlivePeriod, a *net.Dialer or *net.ListenConfig whose
// keepalive fields it sets, or a raw fd on which it sets SO_KEEPALIVE.
// Callers that pass their connection to such a function have decided
// too; a helper that turns keepalive off is reported inside itself.
type setsKeepAlive struct {
	Params []int // indexes of the parameters, receiver excluded
}

func (*setsKeepAlive) AFact() {}

func (f *setsKeepAlive) String() string {
	return fmt.Sprintf("setsKeepAlive%v", f.Params)
}

func (f *setsKeepAlive) has(i int) bool {
	for _, p := range f.Params {
		if p == i {
			return true
		}
	}
	return false
}

// socketConstructor is an object fact on a function that passes its
// parameters into a Socket call (directly or through another
// constructor) and returns the fd. The site is then the call of the
// constructor whose arguments make a TCP socket.
type socketConstructor struct {
	Pkg    string // "syscall" or "golang.org/x/sys/unix": whose Socket it calls
	Domain int    // parameter index passed as domain, or -1 when fixed
	Type   int    // parameter index passed as type, or -1
	Proto  int    // parameter index passed as proto, or -1
	// Fixed holds the constant arguments for the indexes that are -1
	// (-1 itself when the constructor passes something else).
	FixedDomain, FixedType, FixedProto int64
	Result                             int // index of the fd among the results
	// Consts are the socket package's constants that classify the
	// arguments, so that callers need not import it.
	Consts sockConsts
}

func (*socketConstructor) AFact() {}

func (f *socketConstructor) String() string {
	arg := func(param int, fixed int64) string {
		switch {
		case param >= 0:
			return fmt.Sprintf("param%d", param)
		case fixed == unknownArg:
			return "unknown"
		}
		return fmt.Sprint(fixed)
	}
	return fmt.Sprintf("socketConstructor(%s domain=%s type=%s proto=%s fd=result%d)", f.Pkg,
		arg(f.Domain, f.FixedDomain), arg(f.Type, f.FixedType), arg(f.Proto, f.FixedProto), f.Result)
}

// hasKeepAliveFacts is a package fact: the package exports object
// facts, so its importers must be analyzed even if they import no
// socket package themselves.
type hasKeepAliveFacts struct{}

func (*hasKeepAliveFacts) AFact()         {}
func (*hasKeepAliveFacts) String() string { return "hasKeepAliveFacts" }

func factTypes() []analysis.Fact {
	return []analysis.Fact{new(setsKeepAlive), new(socketConstructor), new(hasKeepAliveFacts)}
}

// socketPackages are the imports that can create or configure a TCP
// connection.
var socketPackages = map[string]bool{
	"net":                      true,
	"crypto/tls":               true,
	"syscall":                  true,
	"golang.org/x/sys/unix":    true,
	"golang.org/x/sys/windows": true,
}

// SocketPackage reports whether the package at importPath is one of
// the socket packages, which the analyzer's facts start from: a package
// can export a fact only if it is one, or imports one, or imports a
// package that exports facts (touchesSockets). kafix's driver loads
// the dependencies that cannot from export data.
func SocketPackage(importPath string) bool { return socketPackages[vendorless(importPath)] }

// touchesSockets is the fast path: a package that imports no socket
// package, and no package that exports keepalive facts, can neither
// create a connection nor configure one, so it has nothing to report
// and no facts to export.
func touchesSockets(pass *analysis.Pass) bool {
	for _, imp := range pass.Pkg.Imports() {
		if socketPackages[vendorless(imp.Path())] {
			return true
		}
		if pass.ImportPackageFact(imp, new(hasKeepAliveFacts)) {
			return true
		}
	}
	return false
}

// vendorless strips the vendor directory prefix that std's vendored
// packages (vendor/golang.org/x/...) carry.
func vendorless(path string) string {
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		return path[i+len("/vendor/"):]
	}
	return strings.TrimPrefix(path, "vendor/")
}

// funcObj is the function or method that call statically calls, if any.
func isPkgFunc(obj types.Object, pkg string, names ...string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || vendorless(fn.Pkg().Path()) != pkg {
		return false
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// isMethod reports whether obj is the method pkg.Type.name (pointer or
// value receiver).
func isMethod(obj types.Object, pkg, typ string, names ...string) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || vendorless(fn.Pkg().Path()) != pkg {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !isNamed(sig.Recv().Type(), pkg, typ) {
		return false
	}
	for _, n := range names {
		if fn.Name() == n {
			return true
		}
	}
	return false
}

// isNamed reports whether t (or what it points to) is the named type
// pkg.name.
func isNamed(t types.Type, pkg, name string) bool {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && vendorless(obj.Pkg().Path()) == pkg && obj.Name() == name
}
