package fixer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/dave/dst"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"
)

// Raw sockets get, right after the error check of the call that
// created the fd (Socket, a socket constructor, or Accept):
//
//	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1); err != nil {
//		syscall.Close(fd)
//		return -1, err
//	}
//	if err := syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE, 30); err != nil {
//	...
//
// from the package the socket came from, each error handled the way
// the socket call's own error is.
//
// Portability. The fix must compile wherever the file compiled before,
// and a suggested fix can only edit files that exist: it cannot add a
// build-constrained helper file per system. So the inserted code needs
// no build constraint of its own. It always sets SO_KEEPALIVE
// (SetsockoptInt, SOL_SOCKET and SO_KEEPALIVE exist in syscall on
// every system with sockets, Windows included, where the fd is a
// Handle that SetsockoptInt takes, and in x/sys/unix on every unix).
// Each timer is set only when every system the file builds for (its
// //go:build line and _GOOS.go name decide; Site.GOOS) names it with
// the same constant, as timerNames records:
//
//	Linux, FreeBSD, NetBSD:  TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT
//	darwin:                  TCP_KEEPALIVE (idle); TCP_KEEPINTVL and
//	                         TCP_KEEPCNT in x/sys/unix only
//	OpenBSD:                 none (system-wide sysctls only)
//	Windows (syscall):       none by setsockopt; a windows-only file
//	                         sets idle and interval with WSAIoctl
//	                         SIO_KEEPALIVE_VALS
//
// A file that builds for systems that disagree (a file without any
// constraint builds for all of them) gets SO_KEEPALIVE alone, and the
// diagnostic says which timers it could not set and what the system
// does then. Keeping the socket code in files constrained per system
// lets the fix set everything.

const (
	pkgSyscall = "syscall"
	pkgUnix    = "golang.org/x/sys/unix"
)

// The timers, in the order of timerNames' entries.
const (
	timerIdle = iota
	timerInterval
	timerCount
)

var timerOptions = [3]string{"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"}

// timerNames are, per socket package and system, the constants that
// set the idle time, the probe interval and the probe count (in
// seconds and probes), "" where the package has none. A system missing
// here sets no timer. TestTimerNamesCompile checks every entry by
// cross-compiling it.
var timerNames = map[string]map[string][3]string{
	pkgSyscall: {
		"linux":   {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"},
		"android": {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"},
		"freebsd": {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"},
		"netbsd":  {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"},
		"darwin":  {"TCP_KEEPALIVE", "", ""},
		"ios":     {"TCP_KEEPALIVE", "", ""},
		"openbsd": {},
		"windows": {},
	},
	pkgUnix: {
		"linux":   {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"},
		"android": {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"},
		"freebsd": {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"},
		"netbsd":  {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"},
		"darwin":  {"TCP_KEEPALIVE", "TCP_KEEPINTVL", "TCP_KEEPCNT"},
		"ios":     {"TCP_KEEPALIVE", "TCP_KEEPINTVL", "TCP_KEEPCNT"},
		"openbsd": {},
	},
}

// noSocket are the systems on which a package has no Socket function,
// so that a file calling it cannot have built there.
var noSocket = map[string][]string{
	pkgSyscall: {"js", "plan9", "nacl", "zos", "hurd"},
	pkgUnix:    {"js", "plan9", "nacl", "windows", "wasip1", "hurd"},
}

// allGOOS is go/build's list of systems, which a file without a
// constraint builds for.
var allGOOS = []string{
	"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
	"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
}

// A rawPlan is what the fix of a raw socket sets.
type rawPlan struct {
	pkg     string    // the socket package's import path
	systems []string  // the systems the file builds for, among those with a Socket
	timers  [3]string // the constant set for each timer, "" where none
	wsa     bool      // a windows-only file: idle and interval by WSAIoctl
	notes   []string
}

// planRaw decides which options the fix sets.
func (f *fixCtx) planRaw(pkg string) rawPlan {
	p := rawPlan{pkg: pkg}
	goos := f.site.GOOS
	if goos == nil {
		goos = allGOOS
	}
	for _, g := range goos {
		if !slices.Contains(noSocket[pkg], g) {
			p.systems = append(p.systems, g)
		}
	}
	if len(p.systems) == 0 {
		p.systems = goos
	}
	if pkg == pkgSyscall && len(p.systems) == 1 && p.systems[0] == "windows" {
		p.wsa = true
		p.notes = append(p.notes, "on Windows, SIO_KEEPALIVE_VALS sets the idle time and interval; the probe count stays the system's (10)")
		return p
	}
	var missing []string
	for t := range p.timers {
		name := ""
		for i, g := range p.systems {
			n := timerNames[pkg][g][t]
			if i > 0 && n != name {
				n = ""
			}
			name = n
			if n == "" {
				break
			}
		}
		p.timers[t] = name
		if name == "" {
			missing = append(missing, timerOptions[t])
		}
	}
	if len(missing) > 0 {
		p.notes = append(p.notes, p.missingNote(missing))
	}
	return p
}

// missingNote says which timers the fix leaves to the system, why,
// and what the system then does.
func (p rawPlan) missingNote(missing []string) string {
	var why string
	switch {
	case len(p.systems) == 1 && p.systems[0] == "openbsd":
		why = "OpenBSD has no per-socket keepalive timers (its sysctls net.inet.tcp.keepidle and keepintvl apply)"
	case p.pkg == pkgSyscall && allIn(p.systems, "darwin", "ios"):
		why = "syscall names no TCP_KEEPINTVL or TCP_KEEPCNT on darwin (golang.org/x/sys/unix does)"
	case len(p.systems) > 2 && len(p.systems) >= len(allGOOS)-len(noSocket[p.pkg]):
		why = "this file builds for every system, and they name these options differently or not at all (TCP_KEEPIDLE on Linux and the BSDs, TCP_KEEPALIVE on darwin, none on OpenBSD or in syscall on Windows); socket code in files constrained per system (//go:build linux) gets them all"
	default:
		why = fmt.Sprintf("this file builds for %s, which do not name them all alike; socket code in files constrained per system gets them all", strings.Join(p.systems, ", "))
	}
	var then string
	switch {
	case slices.Contains(missing, "TCP_KEEPIDLE"):
		then = "; with SO_KEEPALIVE alone the system's defaults apply: the first probe after 2 hours idle (Linux: net.ipv4.tcp_keepalive_time=7200), then probes 75s apart"
	default:
		then = "; the system's defaults apply to them: probes 75s apart, 8 of them (9 on Linux)"
	}
	return fmt.Sprintf("%s not set: %s%s", joinAnd(missing), why, then)
}

func allIn(list []string, set ...string) bool {
	for _, x := range list {
		if !slices.Contains(set, x) {
			return false
		}
	}
	return len(list) > 0
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// rawSocket configures each fd of a raw socket site after its error
// check: the socket itself (RawSocket) or the fds accepted from it
// (RawAccept).
func (f *fixCtx) rawSocket() error {
	if f.site.Kind == RawDisable {
		return f.rawDisable()
	}
	if len(f.site.Conns) == 0 {
		return fmt.Errorf("no fd to configure")
	}
	pkg := f.site.SocketPkg
	if pkg != pkgUnix {
		pkg = pkgSyscall
	}
	plan := f.planRaw(pkg)
	for _, conn := range f.site.Conns {
		if err := f.configureFD(conn, plan); err != nil {
			return err
		}
	}
	f.notes = append(f.notes, plan.notes...)
	return nil
}

// configureFD inserts the socket options for the fd that conn creates
// after conn's error check.
func (f *fixCtx) configureFD(conn Conn, plan rawPlan) error {
	if conn.Var == nil {
		return fmt.Errorf("the fd is not assigned to a variable")
	}
	chk, err := f.errCheckAfter(conn.Call)
	if err != nil {
		return err
	}
	fd, err := f.fdExpr(conn.Var)
	if err != nil {
		return err
	}
	if err := f.checkFDType(conn.Var, plan); err != nil {
		return err
	}
	path, _ := astutil.PathEnclosingInterval(f.site.File, conn.Call.Pos(), conn.Call.End())
	chk.closedByDefer = deferCloses(path, conn.Var.Name, conn.Call.Pos())
	closeStmt, err := f.closeFD(conn, plan, fd)
	if err != nil {
		return err
	}

	pkg := plan.pkg
	setsockopt := func(level, opt string, value dst.Expr) dst.Expr {
		return &dst.CallExpr{
			Fun:  f.qualified(pkg, "SetsockoptInt"),
			Args: []dst.Expr{dst.Clone(fd).(dst.Expr), f.qualified(pkg, level), f.qualified(pkg, opt), value},
		}
	}
	stmts := []dst.Stmt{chk.handle(setsockopt("SOL_SOCKET", "SO_KEEPALIVE", intLit(1)), "setsockopt SO_KEEPALIVE", closeStmt)}
	values := [3]dst.Expr{f.idleSeconds(), f.intervalSeconds(), f.probeCount()}
	for t, name := range plan.timers {
		if name != "" {
			stmts = append(stmts, chk.handle(setsockopt("IPPROTO_TCP", name, values[t]), "setsockopt "+name, closeStmt))
		}
	}
	if plan.wsa {
		stmts = append(stmts, chk.handle(f.keepAliveVals(fd), "wsaioctl SIO_KEEPALIVE_VALS", closeStmt))
	}
	return f.insertAfter(chk, f.guard(stmts))
}

// keepAliveVals is the WSAIoctl call that sets a Windows socket's
// keepalive idle time and interval, in milliseconds:
//
//	syscall.WSAIoctl(fd, syscall.SIO_KEEPALIVE_VALS,
//		(*byte)(unsafe.Pointer(&syscall.TCPKeepalive{OnOff: 1, Time: 30 * 1000, Interval: 10 * 1000})),
//		uint32(unsafe.Sizeof(syscall.TCPKeepalive{})), nil, 0, new(uint32), nil, 0)
//
// It declares no variable, so that two sockets of one function do
// not collide.
func (f *fixCtx) keepAliveVals(fd dst.Expr) dst.Expr {
	millis := func(secs dst.Expr) dst.Expr {
		if _, ok := secs.(*dst.BasicLit); !ok {
			secs = &dst.CallExpr{Fun: dst.NewIdent("uint32"), Args: []dst.Expr{secs}}
		}
		return &dst.BinaryExpr{X: secs, Op: token.MUL, Y: intLit(1000)}
	}
	vals := &dst.CompositeLit{
		Type: f.qualified(pkgSyscall, "TCPKeepalive"),
		Elts: []dst.Expr{
			keyValue("OnOff", intLit(1)),
			keyValue("Time", millis(f.idleSeconds())),
			keyValue("Interval", millis(f.intervalSeconds())),
		},
	}
	inbuf := &dst.CallExpr{
		Fun: &dst.ParenExpr{X: &dst.StarExpr{X: dst.NewIdent("byte")}},
		Args: []dst.Expr{&dst.CallExpr{
			Fun:  f.qualified("unsafe", "Pointer"),
			Args: []dst.Expr{&dst.UnaryExpr{Op: token.AND, X: vals}},
		}},
	}
	size := &dst.CallExpr{Fun: dst.NewIdent("uint32"), Args: []dst.Expr{&dst.CallExpr{
		Fun:  f.qualified("unsafe", "Sizeof"),
		Args: []dst.Expr{&dst.CompositeLit{Type: f.qualified(pkgSyscall, "TCPKeepalive")}},
	}}}
	inbuf.Decs.Before = dst.NewLine
	size.Decs.Before = dst.NewLine
	return &dst.CallExpr{
		Fun: f.qualified(pkgSyscall, "WSAIoctl"),
		Args: []dst.Expr{
			dst.Clone(fd).(dst.Expr), f.qualified(pkgSyscall, "SIO_KEEPALIVE_VALS"),
			inbuf, size,
			dst.NewIdent("nil"), intLit(0),
			&dst.CallExpr{Fun: dst.NewIdent("new"), Args: []dst.Expr{dst.NewIdent("uint32")}},
			dst.NewIdent("nil"), intLit(0),
		},
	}
}

// fdExpr is the expression that denotes the fd held by v: the
// variable, or x.field when v names a field.
func (f *fixCtx) fdExpr(v *ast.Ident) (dst.Expr, error) {
	path, _ := astutil.PathEnclosingInterval(f.site.File, v.Pos(), v.End())
	if len(path) > 1 {
		if sel, ok := path[1].(*ast.SelectorExpr); ok && sel.Sel == v {
			n, err := f.ed.twin(sel)
			if err != nil {
				return nil, err
			}
			e := dst.Clone(n).(dst.Expr)
			stripComments(e)
			return e, nil
		}
	}
	return dst.NewIdent(v.Name), nil
}

// checkFDType refuses an fd that SetsockoptInt does not take as it is:
// an int (or a syscall.Handle, on Windows) is what Socket returns.
func (f *fixCtx) checkFDType(v *ast.Ident, plan rawPlan) error {
	t := f.site.Info.TypeOf(v)
	if t == nil {
		return nil
	}
	if types.Identical(t, types.Typ[types.Int]) {
		return nil
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkgSyscall && n.Obj().Name() == "Handle" {
		return nil
	}
	return fmt.Errorf("the fd %s has type %s, which SetsockoptInt does not take", v.Name, t)
}

// closeFD is the statement that closes the fd when an inserted check
// leaves: the way the function closes that fd elsewhere
// (syscall.Close(fd), unix.Close(fd), _ = unix.Close(fd), a helper of
// the project), or the socket package's Close (Closesocket in a
// windows-only file).
func (f *fixCtx) closeFD(conn Conn, plan rawPlan, fd dst.Expr) (dst.Stmt, error) {
	if stmt := f.closeInFunc(conn); stmt != nil {
		n, err := f.ed.twin(stmt)
		if err != nil {
			return nil, err
		}
		out := dst.Clone(n).(dst.Stmt)
		stripComments(out)
		return out, nil
	}
	name := "Close"
	if plan.wsa {
		name = "Closesocket"
	}
	return &dst.ExprStmt{X: &dst.CallExpr{Fun: f.qualified(plan.pkg, name), Args: []dst.Expr{dst.Clone(fd).(dst.Expr)}}}, nil
}

// closeInFunc finds, in the function that creates conn's fd, a
// statement that closes that fd and nothing else: a call whose callee
// is called close-something with the fd as its only argument, as a
// statement or assigned to _, also in a deferred function (whether
// that defer already closes the fd when an inserted check returns is
// closedByDefer's business).
func (f *fixCtx) closeInFunc(conn Conn) ast.Stmt {
	info := f.site.Info
	obj := info.Defs[conn.Var]
	if obj == nil {
		obj = info.Uses[conn.Var]
	}
	if obj == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(f.site.File, conn.Call.Pos(), conn.Call.End())
	var body *ast.BlockStmt
	for _, n := range path {
		if fn, ok := n.(*ast.FuncDecl); ok {
			body = fn.Body
		}
	}
	if body == nil {
		return nil
	}
	isFD := func(e ast.Expr) bool {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			return info.Uses[e] == obj
		case *ast.SelectorExpr:
			return info.Uses[e.Sel] == obj
		}
		return false
	}
	closes := func(e ast.Expr) bool {
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || !isFD(call.Args[0]) {
			return false
		}
		fn, ok := typeutil.Callee(info, call).(*types.Func)
		return ok && strings.Contains(strings.ToLower(fn.Name()), "close")
	}
	var found ast.Stmt
	ast.Inspect(body, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch s := n.(type) {
		case *ast.ExprStmt:
			if closes(s.X) {
				found = s
			}
		case *ast.AssignStmt:
			if len(s.Lhs) == 1 && len(s.Rhs) == 1 && isBlank(s.Lhs[0]) && closes(s.Rhs[0]) {
				found = s
			}
		}
		return true
	})
	return found
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

// rawDisable turns SetsockoptInt(fd, SOL_SOCKET, SO_KEEPALIVE, 0) into
// one that sets 1. The timers stay the system's: the code that turned
// keepalive off had not set them either.
func (f *fixCtx) rawDisable() error {
	if g := f.site.Policy.Gate; g != "" && g != "none" {
		return fmt.Errorf("a gate cannot switch a setsockopt value in place; set SO_KEEPALIVE to 1 behind the switch by hand")
	}
	call, err := f.callTwin()
	if err != nil {
		return err
	}
	if len(call.Args) != 4 {
		return fmt.Errorf("SetsockoptInt with %d arguments", len(call.Args))
	}
	one := intLit(1)
	one.Decs.NodeDecs = *call.Args[3].Decorations()
	call.Args[3] = one
	f.notes = append(f.notes, "the timers stay the system's (the first probe after 2 hours idle) unless the code sets them")
	return nil
}
