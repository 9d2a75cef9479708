package fixer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"time"

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
// the socket call's own error is, and the same for TCP_KEEPINTVL,
// TCP_KEEPCNT and the user timeout.
//
// Portability. The fix must compile wherever the file compiled before,
// and set each option on each system that has it. Where every system
// the file builds for (its //go:build line and _GOOS.go name decide;
// Site.GOOS) names an option with the same constant, or none of them
// has it, the fix names the constants, as above: the form raw-socket
// code is written in. Where they differ (a file without a constraint
// builds for Linux, darwin, OpenBSD and Windows alike), the fix calls
// the package's option setter instead (sockopt.go), which picks the
// numbers by runtime.GOOS:
//
//	if err := setTCPOptions(syscall.SetsockoptInt, uintptr(fd), tcpOptions{Idle: 30 * time.Second, ...}); err != nil {
//
// optionNames records the constants per package and system;
// TestTimerNamesCompile checks every entry by cross-compiling it.

// The import paths of the packages whose raw sockets the fixer
// configures; the analyzer finds raw sites by them.
const (
	PkgSyscall = "syscall"
	PkgUnix    = "golang.org/x/sys/unix"
)

// The options, in the order of optionNames' entries.
const (
	timerIdle = iota
	timerInterval
	timerCount
	userTimeoutOpt
	numOptions
)

var optionLabels = [numOptions]string{"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "the user timeout"}

// optionNames are, per socket package and system, the constants that
// set the idle time, the probe interval, the probe count (in seconds
// and probes) and the user timeout, "" where the package names none.
// A number stands for a constant the package does not name on every
// architecture (syscall has TCP_USER_TIMEOUT on some Linux ones only).
// A system missing here has none by name.
var optionNames = map[string]map[string][numOptions]string{
	PkgSyscall: {
		"linux":   {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "18"},
		"android": {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "18"},
		"freebsd": {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", ""},
		"netbsd":  {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", ""},
		"darwin":  {"TCP_KEEPALIVE", "", "", "TCP_RXT_CONNDROPTIME"},
		"ios":     {"TCP_KEEPALIVE", "", "", "TCP_RXT_CONNDROPTIME"},
		"openbsd": {},
		"windows": {},
	},
	PkgUnix: {
		"linux":   {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "TCP_USER_TIMEOUT"},
		"android": {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "TCP_USER_TIMEOUT"},
		"freebsd": {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", ""},
		"netbsd":  {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", ""},
		"darwin":  {"TCP_KEEPALIVE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "TCP_RXT_CONNDROPTIME"},
		"ios":     {"TCP_KEEPALIVE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "TCP_RXT_CONNDROPTIME"},
		"openbsd": {},
	},
}

// userTimeoutMillis are the systems whose user timeout counts
// milliseconds (the others count seconds).
var userTimeoutMillis = []string{"linux", "android"}

// hasOption reports whether system g's kernel has option opt at all,
// by whatever name: the option setter sets it there.
func hasOption(g string, opt int) bool {
	switch opt {
	case userTimeoutOpt:
		return !slices.Contains(noUserTimeout, g) && slices.Contains([]string{"linux", "android", "darwin", "ios", "windows"}, g)
	default:
		return !slices.Contains(noTimers, g) && g != "js" && g != "wasip1" && g != "plan9" && g != "hurd" && g != "zos" && g != "nacl"
	}
}

// noSocket are the systems on which a package has no Socket function,
// so that a file calling it cannot have built there.
var noSocket = map[string][]string{
	PkgSyscall: {"js", "plan9", "nacl", "zos", "hurd"},
	PkgUnix:    {"js", "plan9", "nacl", "windows", "wasip1", "hurd"},
}

// A rawPlan is what the fix of a raw socket sets.
type rawPlan struct {
	pkg     string   // the socket package's import path
	systems []string // the systems the file builds for, among those with a Socket
	// names are the constants set for each option, "" where none of
	// the systems has it; nil when they do not name the options
	// alike, and the option setter sets them instead.
	names []string
}

// planRaw decides how the fix sets the options.
func (f *fixCtx) planRaw(pkg string) rawPlan {
	p := rawPlan{pkg: pkg}
	goos := f.site.GOOS
	if goos == nil {
		goos = knownOS
	}
	for _, g := range goos {
		if !slices.Contains(noSocket[pkg], g) {
			p.systems = append(p.systems, g)
		}
	}
	if len(p.systems) == 0 {
		p.systems = goos
	}
	names := make([]string, numOptions)
	for opt := range numOptions {
		if opt == userTimeoutOpt && f.site.Policy.userTimeout() == 0 {
			continue
		}
		has := 0
		for i, g := range p.systems {
			n := optionNames[pkg][g][opt]
			if i > 0 && n != names[opt] || n == "" && hasOption(g, opt) {
				return p // named differently, or not named where it exists
			}
			names[opt] = n
			if hasOption(g, opt) {
				has++
			}
		}
		if has == 0 {
			names[opt] = ""
		}
	}
	p.names = names
	return p
}

// allIn reports whether every system of list is one of set.
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
		return fmt.Errorf("set SO_KEEPALIVE on the socket by hand")
	}
	pkg := f.site.SocketPkg
	if pkg != PkgUnix {
		pkg = PkgSyscall
	}
	plan := f.planRaw(pkg)
	for _, conn := range f.site.Conns {
		if err := f.configureFD(conn, plan); err != nil {
			return err
		}
	}
	return nil
}

// configureFD inserts the socket options for the fd that conn creates
// after conn's error check.
func (f *fixCtx) configureFD(conn Conn, plan rawPlan) error {
	if conn.Var == nil {
		return fmt.Errorf("assign the fd to a variable and check its error")
	}
	field := f.heldFDField(conn)
	if conn.Held && field == nil {
		return f.configureHolder(conn)
	}
	chk, err := f.errCheckAfter(conn.Call)
	if err != nil {
		return err
	}
	fd, err := f.fdExpr(conn.Var)
	if err != nil {
		return err
	}
	fdType := f.site.Info.TypeOf(conn.Var)
	if field != nil {
		fd, fdType = &dst.SelectorExpr{X: fd, Sel: dst.NewIdent(field.Name())}, field.Type()
	}
	if err := checkFDType(conn.Var.Name, fdType); err != nil {
		return err
	}
	path, _ := astutil.PathEnclosingInterval(f.site.File, conn.Call.Pos(), conn.Call.End())
	chk.closedByDefer = deferCloses(path, conn.Var.Name, conn.Call.Pos())
	closeStmt, err := f.closeFD(conn, plan, fd)
	if err != nil {
		return err
	}

	var stmts []dst.Stmt
	if call, hs := f.helperCall(fd); call != nil {
		// SetKeepAlive(fd, 8): the package's own helper.
		var stmt dst.Stmt = &dst.ExprStmt{X: call}
		if f.site.Helper.Error {
			stmt = chk.handle(call, "set TCP keepalive", closeStmt)
		}
		stmts = append(stmts, stmt)
		f.sets.helper = hs
		f.sets.on, f.sets.timers = true, true
	} else if plan.names == nil {
		// setTCPOptions(syscall.SetsockoptInt, uintptr(fd), tcpOptions{...})
		opts, err := f.options(true)
		if err != nil {
			return err
		}
		sp := f.sockopt()
		call := &dst.CallExpr{Fun: dst.NewIdent(sp.funcName), Args: []dst.Expr{
			f.qualified(plan.pkg, "SetsockoptInt"),
			&dst.CallExpr{Fun: dst.NewIdent("uintptr"), Args: []dst.Expr{dst.Clone(fd).(dst.Expr)}},
			opts,
		}}
		stmts = append(stmts, chk.handle(call, "set TCP keepalive", closeStmt))
	} else {
		stmts = f.namedOptions(plan, chk, fd, closeStmt)
	}
	return f.insertAfter(chk, f.guard(stmts))
}

// namedOptions are the SetsockoptInt calls that set SO_KEEPALIVE and
// each option the plan names, each with its error handled like chk.
func (f *fixCtx) namedOptions(plan rawPlan, chk *errCheck, fd dst.Expr, closeStmt dst.Stmt) []dst.Stmt {
	pkg := plan.pkg
	setsockopt := func(level string, opt, value dst.Expr) dst.Expr {
		return &dst.CallExpr{
			Fun:  f.qualified(pkg, "SetsockoptInt"),
			Args: []dst.Expr{dst.Clone(fd).(dst.Expr), f.qualified(pkg, level), opt, value},
		}
	}
	stmts := []dst.Stmt{chk.handle(setsockopt("SOL_SOCKET", f.qualified(pkg, "SO_KEEPALIVE"), intLit(1)), "setsockopt SO_KEEPALIVE", closeStmt)}
	ut := f.site.Policy.userTimeout()
	utValue := intLit(int64(ut / time.Second))
	if allIn(plan.systems, userTimeoutMillis...) {
		utValue = intLit(ut.Milliseconds())
	}
	values := [numOptions]dst.Expr{f.idleSeconds(), f.intervalSeconds(), f.probeCount(), utValue}
	timers := false
	for opt, name := range plan.names {
		if name == "" {
			continue
		}
		var optExpr dst.Expr = f.qualified(pkg, name)
		label := name
		if _, err := strconv.Atoi(name); err == nil {
			// A constant syscall does not name on every architecture.
			optExpr = &dst.BasicLit{Kind: token.INT, Value: name}
			label = "TCP_USER_TIMEOUT"
		}
		stmt := chk.handle(setsockopt("IPPROTO_TCP", optExpr, values[opt]), "setsockopt "+label, closeStmt)
		if label != name {
			stmt.Decorations().Start.Append("// " + label + " (" + name + "), which " + pkg + " does not name on every architecture")
		}
		stmts = append(stmts, stmt)
		if opt == userTimeoutOpt {
			f.sets.userTimeout = ut
		} else {
			timers = true
		}
	}
	f.sets.timers = timers || allIn(plan.systems, noTimers...)
	f.sets.triedUserTimeout = ut > 0
	f.sets.on = true
	return stmts
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

// heldFDField is the field of conn's value that holds its fd, when
// conn holds it and this package may name the field; nil otherwise.
func (f *fixCtx) heldFDField(conn Conn) *types.Var {
	if !conn.Held || conn.Field == "" {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(f.site.Info.TypeOf(conn.Var), true, f.site.Pkg, conn.Field)
	field, ok := obj.(*types.Var)
	if !ok || !field.IsField() {
		return nil
	}
	return field
}

// closable reports whether the value of conn, which holds its fd, has
// a Close method that the site's package may call.
func (f *fixCtx) closable(conn Conn) bool {
	m, _, _ := types.LookupFieldOrMethod(f.site.Info.TypeOf(conn.Var), true, f.site.Pkg, "Close")
	_, ok := m.(*types.Func)
	return ok
}

// configureHolder configures a socket that conn's value holds and
// reaches only through its SyscallConn (mdlayher/socket's *Conn), as
// a connection: (tcpOptions{...}).set(c) after the error check, and
// c.Close() when that fails.
func (f *fixCtx) configureHolder(conn Conn) error {
	t := f.site.Info.TypeOf(conn.Var)
	if !f.closable(conn) {
		return fmt.Errorf("set SO_KEEPALIVE on %s by hand (%s has no Close)", conn.Var.Name, t)
	}
	chk, err := f.errCheckAfter(conn.Call)
	if err != nil {
		return err
	}
	return f.configureChecked(chk, conn.Var.Name, t, conn.Call.Pos())
}

// checkFDType refuses an fd (named name, of type t) that
// SetsockoptInt does not take as it is: an int (or a syscall.Handle,
// on Windows) is what Socket returns.
func checkFDType(name string, t types.Type) error {
	if t == nil {
		return nil
	}
	if types.Identical(t, types.Typ[types.Int]) {
		return nil
	}
	if IsNamed(t, PkgSyscall, "Handle") {
		return nil
	}
	return fmt.Errorf("keep the fd %s an int (not %s) for SetsockoptInt", name, t)
}

// closeFD is the statement that closes the fd when an inserted check
// leaves: the Close method of a value that holds the fd, the way the
// function closes that fd elsewhere
// (syscall.Close(fd), unix.Close(fd), _ = unix.Close(fd), a helper of
// the project), or the socket package's Close (Closesocket in a
// windows-only file).
func (f *fixCtx) closeFD(conn Conn, plan rawPlan, fd dst.Expr) (dst.Stmt, error) {
	if conn.Held && f.closable(conn) {
		// The value that holds the fd closes it.
		return &dst.ExprStmt{X: &dst.CallExpr{Fun: &dst.SelectorExpr{X: dst.NewIdent(conn.Var.Name), Sel: dst.NewIdent("Close")}}}, nil
	}
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
	if allIn(plan.systems, "windows") {
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
	if f.site.Policy.gated() {
		return fmt.Errorf("set SO_KEEPALIVE to 1 behind the gate by hand")
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
	f.sets.on = true
	f.notes = append(f.notes, "the timers stay the system's (the first probe after 2 hours idle) unless the code sets them")
	return nil
}
