package fixer

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// This file writes the portable option setter: one declaration per
// package, used wherever a fix sets a socket option that Go's net
// package has no field for (the user timeout; the probe interval and
// count in files older than go1.23; the timers of raw sockets in files
// that build for systems that name them differently).
//
// The options' names and numbers differ per system (TCP_KEEPIDLE on
// Linux and the BSDs, TCP_KEEPALIVE on darwin; TCP_USER_TIMEOUT in
// milliseconds on Linux, TCP_RXT_CONNDROPTIME and TCP_MAXRT in seconds
// on darwin and Windows), syscall does not even name some of them on
// some systems, RawConn.Control hands the fd as a uintptr while
// syscall.SetsockoptInt takes an int on unix and a Handle on Windows,
// and a suggested fix can only edit files that exist, so it cannot add
// a file per system. Of the two ways that satisfy all of this, a
// declaration that picks the numbers by runtime.GOOS, and a generic
// function whose fd type is inferred from the setsockopt it is given,
// the declaration uses both: setTCPOptions[FD ~int | ~uintptr] takes
// syscall.SetsockoptInt (or unix.SetsockoptInt) as a value, so the
// same text compiles on every system whose syscall has SetsockoptInt
// (all but plan9), and it switches on runtime.GOOS for the numbers,
// which the compiler folds.
//
// Like the gate, every fix of the package carries the very same edit:
// the declaration, with an import block of its own for what it needs
// that the file does not import yet, right after the file's imports.
// Drivers merge identical edits; no fix's import edit can collide
// with it. A declaration that exists already, from an earlier run, is
// reused: it carries the //kafix:sockopt directive.

// SockoptDirective marks the declarations of the option setter; the
// analyzer counts their calls as turning keepalive on.
const SockoptDirective = "//kafix:sockopt"

// A sockoptPlan is the option setter of one package under one policy.
type sockoptPlan struct {
	typeName string // the options type: tcpOptions
	funcName string // the fd-level setter: setTCPOptions
	// reflective says that the declaration's file predates generics
	// (go1.18): setTCPOptions then takes setsockopt as an interface{}
	// and converts the fd to its parameter type through reflect. Its
	// callers are written the same either way.
	reflective bool

	file   *ast.File
	insert *analysis.TextEdit // nil when the declaration exists
	// existsIn is the name of the file that declares the setter, when
	// an earlier run did.
	existsIn string
	names    map[string]string // import path -> name, in the declaration's file
	block    []string          // the import paths that its own import block adds
	err      error
}

// sockopt returns the package's option setter, working it out on
// first use.
func (f *fixCtx) sockopt() *sockoptPlan {
	s := f.site
	if s.Package == nil {
		return &sockoptPlan{err: fmt.Errorf("the fix needs the package's files to declare its option setter")}
	}
	g := f.gate() // the setter consults the gate
	p := s.Package
	p.mu.Lock()
	defer p.mu.Unlock()
	if sp, ok := p.sockopts[s.Policy]; ok {
		return sp
	}
	sp := planSockopt(s, g)
	if p.sockopts == nil {
		p.sockopts = make(map[Policy]*sockoptPlan)
	}
	p.sockopts[s.Policy] = sp
	return sp
}

// useSockopt is the option setter for a fix that calls it: the fix
// then carries its declaration.
func (f *fixCtx) useSockopt() (*sockoptPlan, error) {
	sp := f.sockopt()
	if sp.err != nil {
		return nil, sp.err
	}
	if isTestFile(sp.existsIn) && !isTestFile(gateFileName(f.site, f.site.File)) {
		return nil, fmt.Errorf("the package's option setter is declared in %s, a test file, which the package built without its tests lacks; move its declaration (//kafix:sockopt) to a file of the package that is not a test", filepath.Base(sp.existsIn))
	}
	if sp.file != nil && !sp.covers(f.site) {
		return nil, fmt.Errorf("the option setter goes in %s, which does not build for every system this file builds for; give the package a file without a build constraint",
			filepath.Base(gateFileName(f.site, sp.file)))
	}
	f.usesSockopt = true
	return sp, nil
}

func planSockopt(s *Site, g *gatePlan) *sockoptPlan {
	files := ownFiles(s)
	// An earlier run's setter may be in any file of the package: one
	// written when the package's sites were all in tests is in a test
	// file (useSockopt checks that the site sees it).
	if sp := existingSockopt(s, s.Package.Files); sp != nil {
		return sp
	}
	sp := &sockoptPlan{
		typeName: freeIdent(s, files, "tcpOptions"),
		funcName: freeIdent(s, files, "setTCPOptions"),
	}
	if g.err != nil {
		return &sockoptPlan{err: g.err}
	}
	// The gate's file if it has one, so that the two declarations sit
	// together; else where a reader looks first.
	sp.file = g.file
	if sp.file == nil {
		isMain := s.Pkg.Name() == "main"
		near := files
		if !isMain {
			near = nextToSites(s, files) // a program's goes with func main
		}
		sp.file = chooseDeclFile(s, withoutAddedImports(s, near), isMain)
		if sp.file != nil && hasBuildConstraint(gateFileName(s, sp.file), sp.file) {
			sp.file = broadestFile(s, withoutAddedImports(s, files))
		}
	}
	if sp.file == nil {
		return &sockoptPlan{err: fmt.Errorf("every file of the package is generated or builds for one architecture only; add a file to the package for kafix to declare its option setter in")}
	}
	if err := sp.declare(s, g); err != nil {
		return &sockoptPlan{err: err}
	}
	return sp
}

// withoutAddedImports drops from files those to whose imports an
// earlier fix adds a package that the option setter imports: its own
// import block would import it a second time (a raw socket's fix
// adding syscall in a file the setter would go in). All of them if
// every file has such an import.
func withoutAddedImports(s *Site, files []*ast.File) []*ast.File {
	kept := slices.DeleteFunc(slices.Clone(files), func(f *ast.File) bool {
		added := s.Package.importsAdded[gateFileName(s, f)]
		return slices.ContainsFunc((&sockoptPlan{reflective: true}).sockoptImports(), func(p string) bool { return added[p] != "" })
	})
	if len(kept) == 0 {
		return files
	}
	return kept
}

// nextToSites narrows files to those that hold a site of the package
// and build for every system, if any do: the setter is an unexported
// helper, best read next to the code that uses it (the gate, an
// exported variable in a library, stays where a reader looks first).
func nextToSites(s *Site, files []*ast.File) []*ast.File {
	var near []*ast.File
	for _, f := range files {
		name := gateFileName(s, f)
		if s.Package.SiteFiles[name] && !hasBuildConstraint(name, f) {
			near = append(near, f)
		}
	}
	if len(near) == 0 {
		return files
	}
	return near
}

// broadestFile is, among files that all have build constraints, the
// one that builds for the most systems (and for every architecture):
// the declaration there serves the sites of every file it covers.
func broadestFile(s *Site, files []*ast.File) *ast.File {
	var best *ast.File
	bestN := -1
	for _, f := range files {
		name := gateFileName(s, f)
		if archFile(name) {
			continue
		}
		n := len(knownOS)
		if g := BuildsFor(name, f); g != nil {
			n = len(g)
		}
		if n > bestN {
			best, bestN = f, n
		}
	}
	return best
}

// covers reports whether the declaration's file builds for every
// system the site's file builds for.
func (sp *sockoptPlan) covers(s *Site) bool {
	declGOOS := BuildsFor(gateFileName(s, sp.file), sp.file)
	if declGOOS == nil {
		return true
	}
	site := s.GOOS
	if site == nil {
		site = knownOS
	}
	for _, g := range site {
		if !slices.Contains(declGOOS, g) && !slices.Contains(noSocket[PkgSyscall], g) {
			return false
		}
	}
	return true
}

// existingSockopt finds the setter that an earlier run declared.
func existingSockopt(s *Site, files []*ast.File) *sockoptPlan {
	sp := &sockoptPlan{}
	for _, f := range files {
		if ast.IsGenerated(f) {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.GenDecl:
				if d.Tok == token.TYPE && hasDirective(d.Doc, SockoptDirective) && len(d.Specs) == 1 {
					if ts, ok := d.Specs[0].(*ast.TypeSpec); ok {
						sp.typeName = ts.Name.Name
						sp.existsIn = gateFileName(s, f)
					}
				}
			case *ast.FuncDecl:
				if d.Recv == nil && hasDirective(d.Doc, SockoptDirective) {
					sp.funcName = d.Name.Name
				}
			}
		}
	}
	if sp.typeName == "" || sp.funcName == "" {
		return nil
	}
	if _, ok := s.Pkg.Scope().Lookup(sp.typeName).(*types.TypeName); !ok {
		return nil
	}
	return sp
}

func hasDirective(doc *ast.CommentGroup, directive string) bool {
	return doc != nil && slices.ContainsFunc(doc.List, func(c *ast.Comment) bool { return strings.TrimSpace(c.Text) == directive })
}

// sockoptImports are the packages the declaration uses; before go1.18
// it converts the fd with reflect.
func (sp *sockoptPlan) sockoptImports() []string {
	if sp.reflective {
		return []string{"reflect", "runtime", "syscall", "time"}
	}
	return []string{"runtime", "syscall", "time"}
}

// genericsVersion is the first Go version with type parameters.
const genericsVersion = "go1.18"

// declare builds the declaration's edit: an import block for the
// packages the file does not import yet, and the declaration, right
// after the file's imports (and after the gate's declaration, which
// goes to the same place).
func (sp *sockoptPlan) declare(s *Site, g *gatePlan) error {
	name := gateFileName(s, sp.file)
	src, err := s.Package.ReadFile(name)
	if err != nil {
		return err
	}
	tok := s.Fset.File(sp.file.FileStart)
	after := sp.file.Name.End()
	for _, d := range sp.file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			after = gd.End()
		}
	}
	at := lineEndAfter(src, tok.Offset(after))

	sp.reflective = goVersionBefore(declFileVersion(s, sp.file), genericsVersion)
	sp.names = make(map[string]string)
	var block []string
	for _, p := range sp.sockoptImports() {
		if n, ok := fileImportName(s.Info, sp.file, p); ok {
			sp.names[p] = n
			continue
		}
		if g.insert != nil && g.file == sp.file && g.im != nil && hasKey(g.im.add, p) {
			n := g.im.add[p]
			// The gate's declaration imports it in the main block.
			sp.names[p] = cmp.Or(n, path.Base(p))
			continue
		}
		if n := s.Package.importsAdded[name][p]; n != "" {
			// An earlier fix of the file imports it in the main block
			// (every file of the package had such an import: see
			// withoutAddedImports); a second import would not compile.
			sp.names[p] = n
			continue
		}
		n := freeImportName(s, sp.file, path.Base(p))
		sp.names[p] = n
		sp.block = append(sp.block, p)
		if n == path.Base(p) {
			block = append(block, strconv.Quote(p))
		} else {
			block = append(block, n+" "+strconv.Quote(p))
		}
	}
	text, err := sp.declText(s, g)
	if err != nil {
		return err
	}
	if len(block) > 0 {
		text = "import (\n\t" + strings.Join(block, "\n\t") + "\n)\n\n" + text
	}
	text = declarationText(src, at, text)
	sp.insert = &analysis.TextEdit{Pos: tok.Pos(at), End: tok.Pos(at), NewText: []byte(text)}
	return nil
}

// fileImportName is the name under which file imports path, if it
// does (not as _ or .).
func fileImportName(info *types.Info, file *ast.File, importPath string) (string, bool) {
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != importPath {
			continue
		}
		var obj types.Object
		if spec.Name != nil {
			obj = info.Defs[spec.Name]
		} else {
			obj = info.Implicits[spec]
		}
		if pn, ok := obj.(*types.PkgName); ok && pn.Name() != "_" && pn.Name() != "." {
			return pn.Name(), true
		}
	}
	return "", false
}

// freeImportName is base, or std+base, or std+base+N, whichever
// neither the package scope nor the file's imports use.
func freeImportName(s *Site, file *ast.File, base string) string {
	taken := func(name string) bool {
		if s.Pkg.Scope().Lookup(name) != nil {
			return true
		}
		if sc := s.Info.Scopes[file]; sc != nil && sc.Lookup(name) != nil {
			return true
		}
		return false
	}
	return freeName(base, taken)
}

// declText is the declaration, gofmt'd.
func (sp *sockoptPlan) declText(s *Site, g *gatePlan) (string, error) {
	q := func(p, name string) string { return sp.names[p] + "." + name }
	duration, second, millisecond := q("time", "Duration"), q("time", "Second"), q("time", "Millisecond")
	goos, goarch := q("runtime", "GOOS"), q("runtime", "GOARCH")
	rawConn, conn, setsockopt := q("syscall", "RawConn"), q("syscall", "Conn"), q("syscall", "SetsockoptInt")
	T, F := sp.typeName, sp.funcName

	// The fd-level setter's header, and how it calls setsockopt: a
	// type parameter inferred from setsockopt's first parameter, or,
	// before go1.18, that parameter's type read through reflect.
	header := fmt.Sprintf("func %s[FD ~int | ~uintptr](setsockopt func(FD, int, int, int) error, fd uintptr, o %s) error {", F, T)
	call := "setsockopt(FD(fd), "
	if sp.reflective {
		reflectValueOf := q("reflect", "ValueOf")
		header = fmt.Sprintf(`func %[1]s(setsockopt interface{}, fd uintptr, o %[2]s) error {
	fn := %[3]s(setsockopt) // this file predates generics (go1.18): the fd's type is fn's first parameter's
	setsockoptInt := func(level, opt, value int) error {
		out := fn.Call([]%[4]s{%[3]s(fd).Convert(fn.Type().In(0)), %[3]s(level), %[3]s(opt), %[3]s(value)})
		err, _ := out[0].Interface().(error)
		return err
	}`, F, T, reflectValueOf, q("reflect", "Value"))
		call = "setsockoptInt("
	}

	var off string // the gate's switch off, as a condition
	switch g.kind {
	case gateFlag:
		off = "!*" + g.name
	case gateVar:
		off = "!" + g.name
	case gateEnv:
		if g.call {
			off = "!" + g.name + "().Enable"
		} else {
			off = "!" + g.name + ".Enable"
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, `// %[1]s are TCP keepalive settings that Go's net package has no field
// for: the user timeout (how long sent data may stay unacknowledged
// before the connection is dropped, since keepalive sends no probe
// while data is in flight) and the keepalive timers where Go's fields
// do not reach (before go1.23; a listening socket whose connections are
// accepted raw). Its methods turn keepalive on and set the options that
// are not zero, on each system that has them.
//
%[2]s
type %[1]s struct {
	Idle, Interval %[3]s
	Count          int
	UserTimeout    %[3]s
}

// control sets o on the socket of a net.Dialer or net.ListenConfig
// before it connects or listens: it is their Control function. A
// socket of another network (unix, udp) is left as it is.
//
%[2]s
func (o %[1]s) control(network, address string, c %[4]s) error {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return nil
	}
`, T, SockoptDirective, duration, rawConn)
	if off != "" {
		fmt.Fprintf(&b, "if %s {\nreturn nil\n}\n", off)
	}
	fmt.Fprintf(&b, `var err error
	if cerr := c.Control(func(fd uintptr) { err = %[2]s(%[3]s, fd, o) }); cerr != nil {
		return cerr
	}
	return err
}

// set sets o on the socket of a TCP connection, a *net.TCPConn.
//
%[4]s
func (o %[1]s) set(c %[5]s) error {
	rc, err := c.SyscallConn()
	if err != nil {
		return err
	}
	return o.control("tcp", "", rc)
}

// Each fix of the package uses control, set, or both.
var _ = %[1]s.set

// %[2]s sets o on the socket fd with setsockopt, syscall.SetsockoptInt
// or unix.SetsockoptInt, whose fd is an int on unix and a Handle on
// Windows. The options' numbers differ per system: SOL_SOCKET and
// SO_KEEPALIVE, then at IPPROTO_TCP (6) the idle time, interval, probe
// count and user timeout, 0 where the system has none (OpenBSD has no
// per-socket timers; only Linux, darwin and Windows bound unacknowledged
// data).
//
%[4]s
%[10]s
	solSocket, soKeepAlive := 0xffff, 8
	idle, interval, count, userTimeout, unit := 0, 0, 0, 0, %[6]s
	switch %[7]s {
	case "linux", "android":
		switch %[8]s {
		case "mips", "mipsle", "mips64", "mips64le":
		default:
			solSocket, soKeepAlive = 1, 9
		}
		idle, interval, count, userTimeout, unit = 4, 5, 6, 18, %[9]s // TCP_USER_TIMEOUT, in ms
	case "darwin", "ios":
		idle, interval, count, userTimeout = 0x10, 0x101, 0x102, 0x80 // TCP_KEEPALIVE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_RXT_CONNDROPTIME
	case "windows":
		idle, interval, count, userTimeout = 3, 17, 16, 5 // TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_MAXRT
	case "freebsd", "dragonfly":
		idle, interval, count = 0x100, 0x200, 0x400
	case "netbsd":
		idle, interval, count = 3, 5, 6
	case "illumos", "solaris":
		idle, interval, count = 0x22, 0x24, 0x23
	case "aix":
		idle, interval, count = 0x11, 0x12, 0x13
	}
	if err := %[11]ssolSocket, soKeepAlive, 1); err != nil {
		return err
	}
	for _, opt := range [...][2]int{
		{idle, int(o.Idle / %[6]s)},
		{interval, int(o.Interval / %[6]s)},
		{count, o.Count},
		{userTimeout, int(o.UserTimeout / unit)},
	} {
		if opt[0] != 0 && opt[1] > 0 {
			if err := %[11]s6, opt[0], opt[1]); err != nil {
				return err
			}
		}
	}
	return nil
}
`, T, F, setsockopt, SockoptDirective, conn, second, goos, goarch, millisecond, header, call)
	return formatDecls("the option setter's declaration", b.String())
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}
