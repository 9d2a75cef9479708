package analyzer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/kafix/kafix/fixer"
)

// This file finds the keepalive helpers that a raw socket's fix can
// call (fixer.FDHelper): functions that turn keepalive on for an int fd
// and set its idle time and interval from their other parameters, such
// as netpoll's
//
//	func SetKeepAlive(fd, secs int) error {
//		if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1); err != nil {
//			return err
//		}
//		if err := syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL, secs); err != nil {
//			return err
//		}
//		return syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE, secs)
//	}
//
// The setsKeepAlive fact carries the description to importers. Such a
// helper is often declared once per system, in files the pass does not
// type-check; a fix calls it only where the package declares it for
// every system the site's file builds for (and on which the package
// builds at all).

// timerOptions are the socket options that set each timer, by the
// names of syscall and x/sys/unix (darwin calls the idle time
// TCP_KEEPALIVE).
var timerOptions = []struct {
	name  string
	timer fixer.Timers
}{
	{"TCP_KEEPIDLE", fixer.TimerIdle},
	{"TCP_KEEPALIVE", fixer.TimerIdle},
	{"TCP_KEEPINTVL", fixer.TimerInterval},
	{"TCP_KEEPCNT", fixer.TimerCount},
}

// fdHelperOf describes fn, declared by decl, which turns keepalive on
// for its parameters params, as a helper that a fix may call; nil when
// it is not one: a method, results other than one error, no int fd
// among params, a parameter that sets no timer (or a timer and the
// count together, which count in different units), a parameter that
// the body assigns, or timers that leave the idle time or the interval
// to the system.
func (c *checker) fdHelperOf(decl *ast.FuncDecl, fn *types.Func, params []int) *fixer.FDHelper {
	info := c.pass.TypesInfo
	sig := fn.Signature()
	if decl.Recv != nil || sig.Variadic() {
		return nil
	}
	h := &fixer.FDHelper{Pkg: fn.Pkg().Path(), Name: fn.Name(), Params: make([]fixer.HelperParam, sig.Params().Len())}
	switch res := sig.Results(); res.Len() {
	case 0:
	case 1:
		if !types.Identical(res.At(0).Type(), types.Universe.Lookup("error").Type()) {
			return nil
		}
		h.Error = true
	default:
		return nil
	}
	var fd types.Object
	for _, i := range params {
		if p := sig.Params().At(i); types.Identical(p.Type(), types.Typ[types.Int]) {
			if fd != nil {
				return nil // two fds: which one is the socket's?
			}
			fd = p
			h.Params[i].FD = true
		}
	}
	if fd == nil {
		return nil
	}
	paramIndex := func(obj types.Object) int {
		for i := range sig.Params().Len() {
			if sig.Params().At(i) == obj {
				return i
			}
		}
		return -1
	}
	var sets fixer.Timers
	ok := true
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if id, isID := ast.Unparen(lhs).(*ast.Ident); isID && paramIndex(info.Uses[id]) >= 0 {
					ok = false // its value is no longer the caller's
				}
			}
		case *ast.IncDecStmt:
			if id, isID := ast.Unparen(n.X).(*ast.Ident); isID && paramIndex(info.Uses[id]) >= 0 {
				ok = false
			}
		case *ast.CallExpr:
			callee := typeutil.Callee(info, n)
			if len(n.Args) != 4 || !fixer.IsPkgFunc(callee, fixer.PkgSyscall, "SetsockoptInt") && !fixer.IsPkgFunc(callee, fixer.PkgUnix, "SetsockoptInt") {
				return true
			}
			if id, isID := ast.Unparen(n.Args[0]).(*ast.Ident); !isID || info.Uses[id] != fd {
				return true
			}
			timer := timerOf(info, n.Args[2])
			if timer == 0 {
				return true
			}
			sets |= timer
			if v, isConst := constInt(info, n.Args[3]); isConst && timer == fixer.TimerCount {
				h.FixedCount = int(v)
				return true
			}
			p, duration := timerParam(info, n.Args[3])
			i := paramIndex(p)
			if i < 0 || h.Params[i].FD {
				ok = false // a value the fix cannot choose through the parameters
				return false
			}
			h.Params[i].Sets |= timer
			h.Params[i].Duration = duration
		}
		return ok
	})
	if !ok || sets&(fixer.TimerIdle|fixer.TimerInterval) != fixer.TimerIdle|fixer.TimerInterval {
		return nil
	}
	for _, p := range h.Params {
		if !p.FD && (p.Sets == 0 || p.Sets&fixer.TimerCount != 0 && p.Sets != fixer.TimerCount || p.Sets == fixer.TimerCount && p.Duration) {
			return nil
		}
	}
	h.GOOS = c.declaredFor(fn, decl)
	return h
}

// timerOf is the timer that opt, a setsockopt option, sets; 0 if none.
func timerOf(info *types.Info, opt ast.Expr) fixer.Timers {
	for _, o := range timerOptions {
		if isConstNamed(info, opt, o.name) {
			return o.timer
		}
	}
	return 0
}

// timerParam is the variable that v, the value of a setsockopt, passes
// as it is: an int p, or a time.Duration p as int(p/time.Second) or
// int(p.Seconds()) (duration says so).
func timerParam(info *types.Info, v ast.Expr) (p types.Object, duration bool) {
	v = ast.Unparen(v)
	if id, ok := v.(*ast.Ident); ok {
		if obj := info.Uses[id]; obj != nil && types.Identical(obj.Type(), types.Typ[types.Int]) {
			return obj, false
		}
		return nil, false
	}
	conv, ok := v.(*ast.CallExpr)
	if !ok || len(conv.Args) != 1 || !info.Types[conv.Fun].IsType() || !types.Identical(info.TypeOf(conv), types.Typ[types.Int]) {
		return nil, false
	}
	var x ast.Expr
	switch arg := ast.Unparen(conv.Args[0]).(type) {
	case *ast.BinaryExpr: // p / time.Second
		if arg.Op != token.QUO || !isConstNamedIn(info, arg.Y, "time", "Second") {
			return nil, false
		}
		x = arg.X
	case *ast.CallExpr: // p.Seconds()
		sel, ok := ast.Unparen(arg.Fun).(*ast.SelectorExpr)
		if !ok || len(arg.Args) != 0 || !fixer.IsMethod(info.Uses[sel.Sel], "time", "Duration", "Seconds") {
			return nil, false
		}
		x = sel.X
	default:
		return nil, false
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || info.Uses[id] == nil || !fixer.IsNamedOrPointer(info.Uses[id].Type(), "time", "Duration") {
		return nil, false
	}
	return info.Uses[id], true
}

// isConstNamedIn reports whether e names the constant pkg.name.
func isConstNamedIn(info *types.Info, e ast.Expr, pkg, name string) bool {
	id := fixer.IdentOf(ast.Unparen(e))
	if id == nil {
		return false
	}
	k, ok := info.Uses[id].(*types.Const)
	return ok && k.Name() == name && k.Pkg() != nil && k.Pkg().Path() == pkg
}

// declaredFor lists the systems for which the package declares fn,
// declared by decl: those of decl's file, and of the files the pass
// leaves out (built for other systems) that declare a function of the
// same name and number of parameters. nil means every system.
func (c *checker) declaredFor(fn *types.Func, decl *ast.FuncDecl) []string {
	goos := fixer.BuildsFor(c.pass.Fset.File(decl.Pos()).Name(), c.fileOf(decl.Pos()))
	if goos == nil {
		return nil
	}
	n := fn.Signature().Params().Len()
	for _, f := range c.otherSystemFiles() {
		if params, ok := f.funcs[fn.Name()]; ok && params == n {
			if f.goos == nil {
				return nil
			}
			goos = append(goos, f.goos...)
		}
	}
	slices.Sort(goos)
	return slices.Compact(goos)
}

// fileOf is the file of the package that holds pos.
func (c *checker) fileOf(pos token.Pos) *ast.File {
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// otherSystemFile is a file of the package that the pass leaves out
// because it builds for other systems: the systems it builds for, and
// the names it declares at package level (funcs: the functions, by
// number of parameters).
type otherSystemFile struct {
	goos  []string
	funcs map[string]int
	names map[string]bool
}

// otherSystemFiles parses, once per pass, the package's Go files that
// the pass leaves out for their build constraints (tests excluded).
func (c *checker) otherSystemFiles() []otherSystemFile {
	if c.others != nil {
		return *c.others
	}
	var out []otherSystemFile
	for _, name := range c.pass.IgnoredFiles {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := c.pass.ReadFile(name)
		if err != nil {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		goos := fixer.BuildsFor(name, file)
		if goos != nil && len(goos) == 0 {
			continue
		}
		f := otherSystemFile{goos: goos, funcs: make(map[string]int), names: make(map[string]bool)}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					f.funcs[d.Name.Name] = d.Type.Params.NumFields()
					f.names[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch spec := spec.(type) {
					case *ast.TypeSpec:
						f.names[spec.Name.Name] = true
					case *ast.ValueSpec:
						for _, id := range spec.Names {
							f.names[id.Name] = true
						}
					}
				}
			}
		}
		out = append(out, f)
	}
	c.others = &out
	return out
}

// packageBuildsOn reports whether the package may build for goos: not
// when one of its files that builds there uses a package-level name
// that no file of the package declares there (netpoll's files for
// every unix system use its poller, which it declares for Linux and
// the BSDs only: it does not build on Solaris).
func (c *checker) packageBuildsOn(goos string) bool {
	if c.brokenOn == nil {
		c.brokenOn = c.systemsWithMissingNames()
	}
	return !c.brokenOn[goos]
}

// systemsWithMissingNames lists the systems for which a file of the
// package uses a package-level name that no file declares there.
func (c *checker) systemsWithMissingNames() map[string]bool {
	fileGOOS := make(map[*token.File][]string)
	for _, f := range c.pass.Files {
		if g := c.fileGOOS(f); g != nil {
			fileGOOS[c.pass.Fset.File(f.FileStart)] = g
		} else {
			fileGOOS[c.pass.Fset.File(f.FileStart)] = fixer.Systems()
		}
	}
	declaredOn := func(obj types.Object, goos string) bool {
		tf := c.pass.Fset.File(obj.Pos())
		if g, ok := fileGOOS[tf]; ok && slices.Contains(g, goos) {
			return true
		}
		for _, f := range c.otherSystemFiles() {
			if f.names[obj.Name()] && (f.goos == nil || slices.Contains(f.goos, goos)) {
				return true
			}
		}
		return false
	}
	broken := make(map[string]bool)
	scope := c.pass.Pkg.Scope()
	seen := make(map[types.Object]map[*token.File]bool)
	for id, obj := range c.pass.TypesInfo.Uses {
		if obj.Pkg() != c.pass.Pkg || obj.Parent() != scope {
			continue
		}
		tf := c.pass.Fset.File(id.Pos())
		if seen[obj][tf] {
			continue
		}
		if seen[obj] == nil {
			seen[obj] = make(map[*token.File]bool)
		}
		seen[obj][tf] = true
		for _, g := range fileGOOS[tf] {
			if !broken[g] && !declaredOn(obj, g) {
				broken[g] = true
			}
		}
	}
	return broken
}

// fdHelperFor is the keepalive helper that the fix of a raw socket in
// file, created with pkg's Socket, calls: the first of the package's
// own, then of the packages it imports, that the file can call on every
// system it builds for (goos); nil if none.
func (c *checker) fdHelperFor(file *ast.File, pkg string, goos []string, at token.Pos) *fixer.FDHelper {
	inTest := strings.HasSuffix(c.pass.Fset.File(file.FileStart).Name(), "_test.go")
	for _, fn := range c.fdHelpers() {
		h := c.enablesFact(fn).Helper
		if fn.Pkg() == c.pass.Pkg {
			if fn.Scope().Contains(at) {
				continue // the site is in the helper itself
			}
			if !inTest && strings.HasSuffix(c.pass.Fset.File(fn.Pos()).Name(), "_test.go") {
				continue
			}
		}
		if fixer.HelperCallable(h, pkg, goos, c.packageBuildsOn) {
			return h
		}
	}
	return nil
}

// fdHelpers lists, once per pass, the keepalive helpers that this
// package's fixes may call: its own, in order, then the exported ones
// of the packages it imports, by path and name.
func (c *checker) fdHelpers() []*types.Func {
	if c.helperFuncs != nil {
		return *c.helperFuncs
	}
	var own, imported []*types.Func
	for _, fn := range sortedFuncs(c.enables) {
		if c.enables[fn].Helper != nil {
			own = append(own, fn)
		}
	}
	for _, of := range c.pass.AllObjectFacts() {
		fact, ok := of.Fact.(*setsKeepAlive)
		fn, isFunc := of.Object.(*types.Func)
		if !ok || !isFunc || fact.Helper == nil || !fn.Exported() || fn.Pkg() == c.pass.Pkg || !slices.Contains(c.pass.Pkg.Imports(), fn.Pkg()) {
			continue
		}
		imported = append(imported, fn)
	}
	slices.SortFunc(imported, func(a, b *types.Func) int {
		return strings.Compare(a.Pkg().Path()+"."+a.Name(), b.Pkg().Path()+"."+b.Name())
	})
	all := append(own, imported...)
	c.helperFuncs = &all
	return all
}
