package analyzer

import (
	"fmt"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/kafix/kafix/fixer"
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
	// Helper describes a function that turns keepalive on for an int
	// fd and sets its timers from its other parameters, which the fix
	// of a raw socket may call (fdhelper.go); nil for any other.
	Helper *fixer.FDHelper
}

func (*setsKeepAlive) AFact() {}

func (f *setsKeepAlive) String() string {
	if h := f.Helper; h != nil {
		return fmt.Sprintf("setsKeepAlive%v fdHelper%s", f.Params, h)
	}
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
	// Held says that the result holds the fd rather than being it (a
	// *Conn built from it); FDField is the struct field that holds it,
	// "" when the fd is reached only through the result's SyscallConn.
	Held    bool
	FDField string
	// Consts are the socket package's constants that classify the
	// arguments, so that callers need not import it.
	Consts sockConsts
}

func (*socketConstructor) AFact() {}

// fixed reports whether the constructor fixes all three arguments:
// it returns a TCP socket that it creates with its own constants
// (rawreturn.go).
func (f *socketConstructor) fixed() bool {
	return f.Domain < 0 && f.Type < 0 && f.Proto < 0
}

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
	fd := fmt.Sprintf("fd=result%d", f.Result)
	switch {
	case f.FDField != "":
		fd = fmt.Sprintf("fd=result%d.%s", f.Result, f.FDField)
	case f.Held:
		fd = fmt.Sprintf("fd=in result%d", f.Result)
	}
	return fmt.Sprintf("socketConstructor(%s domain=%s type=%s proto=%s %s)", f.Pkg,
		arg(f.Domain, f.FixedDomain), arg(f.Type, f.FixedType), arg(f.Proto, f.FixedProto), fd)
}

// keepAliveWrapper is an object fact on a struct type that holds a
// listener or a Dialer in Fields and turns keepalive on for every
// connection that its own Accept, or Dial and DialContext, hand out
// from them (wrapper.go). A listener or Dialer put into one of these
// fields, in a literal of the type, is covered.
type keepAliveWrapper struct {
	Fields []string
}

func (*keepAliveWrapper) AFact() {}

func (f *keepAliveWrapper) String() string {
	return fmt.Sprintf("keepAliveWrapper%v", f.Fields)
}

// hasKeepAliveFacts is a package fact: the package exports object
// facts, so its importers must be analyzed even if they import no
// socket package themselves.
type hasKeepAliveFacts struct{}

func (*hasKeepAliveFacts) AFact()         {}
func (*hasKeepAliveFacts) String() string { return "hasKeepAliveFacts" }

func factTypes() []analysis.Fact {
	return []analysis.Fact{new(setsKeepAlive), new(socketConstructor), new(keepAliveWrapper), new(hasKeepAliveFacts)}
}

// exportFacts exports what this package's importers need to know.
func (c *checker) exportFacts() {
	exported := false
	for _, fn := range sortedFuncs(c.enables) {
		c.pass.ExportObjectFact(fn, c.enables[fn])
		exported = true
	}
	for _, fn := range sortedFuncs(c.ctors) {
		c.pass.ExportObjectFact(fn, c.ctors[fn])
		exported = true
	}
	if c.exportWrappers() {
		exported = true
	}
	if exported {
		c.pass.ExportPackageFact(new(hasKeepAliveFacts))
	}
}

// sortedFuncs orders the keys of m by position, for deterministic output.
func sortedFuncs[V any](m map[*types.Func]V) []*types.Func {
	fns := make([]*types.Func, 0, len(m))
	for fn := range m {
		fns = append(fns, fn)
	}
	slices.SortFunc(fns, func(a, b *types.Func) int { return int(a.Pos() - b.Pos()) })
	return fns
}
