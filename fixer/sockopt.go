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
// Like the gate, every fix of the package that calls it carries the
// very same edits: the declaration, right after the file's imports, and
// the imports it needs that the file lacks, in the file's import
// declaration. Drivers merge identical edits. Its file is one whose
// imports no other fix edits where the package has one (setterFile),
// so that no fix's import edit can collide with its own. A declaration that exists already, from an earlier run, is
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
	block    []string          // the import paths that it adds to its file's imports
	// importEdits add them, to the file's own import declaration.
	importEdits []analysis.TextEdit
	needs       setterNeeds // what the package's fixes call
	err         error
}

// sockopt returns the package's option setter, working it out on
// first use.
func (f *fixCtx) sockopt() *sockoptPlan {
	s := f.site
	if s.Package == nil {
		return &sockoptPlan{err: fmt.Errorf("the option setter needs the package's files")}
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
		return nil, fmt.Errorf("move the option setter out of %s, a test file", filepath.Base(sp.existsIn))
	}
	if sp.file != nil && !sp.covers(f.site) {
		return nil, fmt.Errorf("give the package a file without a build constraint (%s is not)",
			filepath.Base(gateFileName(f.site, sp.file)))
	}
	if sp.insert != nil { // the setter that this run writes holds only what was expected
		if mine := f.setterNeeds(); mine.or(sp.needs) != sp.needs {
			return nil, fmt.Errorf("fix this test's connection by hand (the option setter lacks what it needs)")
		}
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
		typeName: freeIdent(s, "tcpOptions"),
		funcName: freeIdent(s, "setTCPOptions"),
	}
	if g.err != nil {
		return &sockoptPlan{err: g.err}
	}
	// The gate's file if it has one, so that the two declarations sit
	// together; else where a reader looks first.
	sp.file = g.file
	if sp.file == nil {
		sp.file = setterFile(s, files)
	}
	if sp.file == nil {
		return &sockoptPlan{err: fmt.Errorf("add a plain file to the package, for the option setter")}
	}
	sp.needs = s.Package.setterNeeds(s.Policy)
	if err := sp.declare(s, g); err != nil {
		return &sockoptPlan{err: err}
	}
	return sp
}

// setterFile is the file the setter goes in: among those that build
// for every system, the first that imports every package it uses, so
// that it adds no import; else the first that holds no site, whose
// imports no other fix edits; else, as the gate's, where a reader
// looks first, among those that import in parentheses. Its import
// edits then collide with no other fix's: golangci-lint skips every
// edit of a file with overlapping ones, and a fix elsewhere that calls
// the setter would then not compile.
func setterFile(s *Site, files []*ast.File) *ast.File {
	var free []*ast.File
	for _, f := range files {
		if !hasBuildConstraint(gateFileName(s, f), f) {
			free = append(free, f)
		}
	}
	if len(free) == 0 {
		return broadestFile(s, withoutAddedImports(s, files))
	}
	needed := (&sockoptPlan{reflective: true}).sockoptImports()
	for _, f := range free {
		if !slices.ContainsFunc(needed, func(p string) bool {
			_, ok := fileImportName(s.Info, f, p)
			return !ok && (p != "reflect" || !goVersionBefore(declFileVersion(s, f), genericsVersion))
		}) {
			return f
		}
	}
	for _, f := range free {
		if !s.Package.SiteFiles[gateFileName(s, f)] && len(f.Imports) > 0 {
			return f // a file without imports (doc.go) would gain a first one
		}
	}
	// A file that imports in parentheses takes further imports as
	// lines of their own: its fixes' import edits and the setter's are
	// then insertions, which drivers apply side by side.
	if inParens := slices.DeleteFunc(slices.Clone(free), func(f *ast.File) bool { return !importsInParens(f) }); len(inParens) > 0 {
		free = inParens
	}
	isMain := s.Pkg.Name() == "main"
	near := free
	if !isMain {
		near = nextToSites(s, free) // a program's goes with func main
	}
	return chooseDeclFile(s, withoutAddedImports(s, near), isMain)
}

// importsInParens reports whether f has an import declaration in
// parentheses.
func importsInParens(f *ast.File) bool {
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT && gd.Lparen.IsValid() {
			return true
		}
	}
	return false
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
	paths := []string{"runtime", "syscall", "time"}
	if n := sp.needs; !n.control && !n.set && n != (setterNeeds{}) {
		// The fd-level setter alone: its caller passes SetsockoptInt.
		paths = []string{"runtime", "time"}
	}
	if sp.reflective {
		return append([]string{"reflect"}, paths...)
	}
	return paths
}

// setterNeeds are the parts of the option setter that the fixes of the
// package's expected sites call under policy p: every part when the
// package was not told its sites.
func (p *Package) setterNeeds(policy Policy) setterNeeds {
	if p.expected == nil {
		return allNeeds
	}
	var n setterNeeds
	testsOnly := p.testsOnly()
	for i := range p.expected {
		s := p.expected[i]
		if !testsOnly && s.Fset != nil && s.File != nil && isTestFile(gateFileName(&s, s.File)) {
			// The package without its tests sees none of these, and
			// the setter must read the same in both.
			continue
		}
		s.Policy = policy
		n = n.or((&fixCtx{site: &s}).setterNeeds())
	}
	if n == (setterNeeds{}) {
		return allNeeds // a fix that calls the setter after all gets all of it
	}
	return n
}

// expectsSetter reports whether a fix of the package's expected sites
// calls the option setter under policy.
func (p *Package) expectsSetter(policy Policy) bool {
	for i := range p.expected {
		s := p.expected[i]
		s.Policy = policy
		if (&fixCtx{site: &s}).setterNeeds() != (setterNeeds{}) {
			return true
		}
	}
	return false
}

// setterNeeds are the parts of the option setter that the site's fix
// calls, decided as the rewrite decides them (needsControl,
// needsSetter, planRaw), without writing it.
func (f *fixCtx) setterNeeds() setterNeeds {
	s := f.site
	ut := s.Policy.userTimeout() > 0
	switch s.Kind {
	case RawDisable:
		return setterNeeds{}
	case RawSocket, RawAccept:
		var n setterNeeds
		pkg := s.SocketPkg
		if pkg != PkgUnix {
			pkg = PkgSyscall
		}
		if f.planRaw(pkg).names == nil {
			n = setterNeeds{timers: true, userTimeout: ut}
		}
		for _, c := range s.Conns {
			if c.Held && c.Field == "" { // configureHolder: set on the value
				n = n.or(setterNeeds{timers: true, userTimeout: ut, set: true})
			}
		}
		return n
	case ConnCreated, DisableCall:
		if f.needsSetter() {
			return setterNeeds{timers: true, userTimeout: ut, set: true}
		}
		return setterNeeds{}
	}
	if f.needsControl() {
		return setterNeeds{timers: !f.newAPI() || s.ListenerFDTaken, userTimeout: ut, control: true}
	}
	return setterNeeds{}
}

// genericsVersion is the first Go version with type parameters.
const genericsVersion = "go1.18"

// declare builds the declaration's edits: the imports of the packages
// the file does not import yet, into its import declaration, and the
// declaration, right after the file's imports (and after the gate's
// declaration, which goes to the same place).
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
	add := make(map[string]string) // path -> name, "" for its own
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
			// An earlier fix of the file imports it (every file of the
			// package had such an import: see withoutAddedImports); a
			// second import would not compile.
			sp.names[p] = n
			continue
		}
		// A name free in the package scope and among the imports of the
		// setter's file (its file scope).
		fileScope := s.Info.Scopes[sp.file]
		n := freshName(path.Base(p), importPrefix, func(name string) bool {
			return s.Pkg.Scope().Lookup(name) != nil || fileScope != nil && fileScope.Lookup(name) != nil
		})
		sp.names[p] = n
		sp.block = append(sp.block, p)
		add[p] = ""
		if n != path.Base(p) {
			add[p] = n
		}
	}
	text, err := sp.declText(s, g)
	if err != nil {
		return err
	}
	if g.insert != nil {
		// Behind a gate, whose declaration has import edits of its
		// own, the setter brings its imports in a block of its own.
		var block []string
		for _, p := range sp.block {
			if n := add[p]; n != "" {
				block = append(block, n+" "+strconv.Quote(p))
			} else {
				block = append(block, strconv.Quote(p))
			}
		}
		if len(block) > 0 {
			text = "import (\n\t" + strings.Join(block, "\n\t") + "\n)\n\n" + text
		}
		text = declarationText(src, at, text)
		sp.insert = &analysis.TextEdit{Pos: tok.Pos(at), End: tok.Pos(at), NewText: []byte(text)}
		return nil
	}
	// Its imports go into the file's own import declaration, as a fix's
	// do, where gofmt and goimports keep them.
	declFile := *s
	declFile.File, declFile.Src = sp.file, src
	im := newImports(&declFile, sp.file.Name.End())
	im.add = add
	if sp.importEdits, err = im.edits(); err != nil {
		return err
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

// setterNeeds are the parts of the option setter that the fixes of a
// package call: its text holds those and nothing else.
type setterNeeds struct {
	userTimeout bool // the policy's user timeout
	timers      bool // SO_KEEPALIVE and the three timers
	control     bool // the control method, a Dialer's or ListenConfig's Control
	set         bool // the set method, for a connection
}

// allNeeds is every part of the setter: what a fix gets whose package
// did not say which sites it expects (Package.Expect).
var allNeeds = setterNeeds{userTimeout: true, timers: true, control: true, set: true}

func (n setterNeeds) or(m setterNeeds) setterNeeds {
	return setterNeeds{n.userTimeout || m.userTimeout, n.timers || m.timers, n.control || m.control, n.set || m.set}
}

// setterSystem is one case of the setter's switch on runtime.GOOS:
// the numbers of the options at IPPROTO_TCP ("" where the system has
// none), and the unit of the user timeout where it is not seconds.
type setterSystem struct {
	goos                               string
	idle, interval, count, userTimeout string
	millis                             bool
	comment                            string // the options' names, where they are not TCP_KEEPIDLE and the like
}

// setterSystems are the numbers the setter sets, per system.
var setterSystems = []setterSystem{
	{goos: `"linux", "android"`, idle: "4", interval: "5", count: "6", userTimeout: "18", millis: true},
	{goos: `"darwin", "ios"`, idle: "0x10", interval: "0x101", count: "0x102", userTimeout: "0x80", comment: "TCP_KEEPALIVE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_RXT_CONNDROPTIME"},
	{goos: `"windows"`, idle: "3", interval: "17", count: "16", userTimeout: "5", comment: "TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, TCP_MAXRT"},
	{goos: `"freebsd", "dragonfly"`, idle: "0x100", interval: "0x200", count: "0x400"},
	{goos: `"netbsd"`, idle: "3", interval: "5", count: "6"},
	{goos: `"illumos", "solaris"`, idle: "0x22", interval: "0x24", count: "0x23"},
	{goos: `"aix"`, idle: "0x11", interval: "0x12", count: "0x13"},
}

// declText is the declaration, gofmt'd: the parts of sp.needs.
func (sp *sockoptPlan) declText(s *Site, g *gatePlan) (string, error) {
	n := sp.needs
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
	// The type: the fields that the fixes set.
	switch {
	case n.timers && n.userTimeout:
		fmt.Fprintf(&b, `// %[1]s are TCP keepalive settings that Go's net package has no field
// for: the user timeout (how long sent data may stay unacknowledged
// before the connection is dropped, since keepalive sends no probe
// while data is in flight) and the keepalive timers where Go's fields
// do not reach. Zero fields are left as they are.
`, T)
	case n.timers:
		fmt.Fprintf(&b, `// %[1]s are the TCP keepalive timers, for sockets that Go's
// KeepAliveConfig does not reach. Zero fields are left as they are.
`, T)
	default:
		fmt.Fprintf(&b, `// %[1]s is the TCP user timeout, which Go's net package has no field
// for: how long sent data may stay unacknowledged before the connection
// is dropped (Linux, darwin and Windows; elsewhere it is not set).
`, T)
	}
	fmt.Fprintf(&b, "//\n%s\ntype %s struct {\n", SockoptDirective, T)
	if n.timers {
		fmt.Fprintf(&b, "Idle, Interval %s\nCount int\n", duration)
	}
	if n.userTimeout {
		fmt.Fprintf(&b, "UserTimeout %s\n", duration)
	}
	b.WriteString("}\n\n")

	if n.control || n.set {
		fmt.Fprintf(&b, `// control sets o on the socket of a net.Dialer or net.ListenConfig
// before it connects or listens: it is their Control function. A
// socket of another network (unix, udp) is left as it is.
//
%[2]s
func (o %[1]s) control(network, address string, c %[3]s) error {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return nil
	}
`, T, SockoptDirective, rawConn)
		if off != "" {
			fmt.Fprintf(&b, "if %s {\nreturn nil\n}\n", off)
		}
		fmt.Fprintf(&b, `var err error
	if cerr := c.Control(func(fd uintptr) { err = %[1]s(%[2]s, fd, o) }); cerr != nil {
		return cerr
	}
	return err
}

`, F, setsockopt)
	}
	if n.set {
		fmt.Fprintf(&b, `// set sets o on the socket of a TCP connection, a *net.TCPConn.
//
%[2]s
func (o %[1]s) set(c %[3]s) error {
	rc, err := c.SyscallConn()
	if err != nil {
		return err
	}
	return o.control("tcp", "", rc)
}

`, T, SockoptDirective, conn)
	}

	// The fd-level setter.
	var doc string
	switch {
	case n.timers:
		doc = fmt.Sprintf(`// %[1]s sets o on the socket fd with setsockopt, syscall.SetsockoptInt
// or unix.SetsockoptInt, whose fd is an int on unix and a Handle on
// Windows. The options' numbers differ per system: SOL_SOCKET and
// SO_KEEPALIVE, then at IPPROTO_TCP (6) the option of each field, 0
// where the system has none (OpenBSD has no per-socket timers`, F)
		if n.userTimeout {
			doc += "; only Linux, darwin and Windows bound unacknowledged data"
		}
		doc += ").\n"
	default:
		doc = fmt.Sprintf(`// %[1]s sets o on the socket fd with setsockopt, syscall.SetsockoptInt
// or unix.SetsockoptInt, whose fd is an int on unix and a Handle on
// Windows, at IPPROTO_TCP (6), with each system's number and unit.
`, F)
	}
	fmt.Fprintf(&b, "%s//\n%s\n%s\n", doc, SockoptDirective, header)
	var vars, zeros []string
	if n.timers {
		b.WriteString("solSocket, soKeepAlive := 0xffff, 8\n")
		vars, zeros = append(vars, "idle", "interval", "count"), append(zeros, "0", "0", "0")
	}
	if n.userTimeout {
		vars, zeros = append(vars, "userTimeout", "unit"), append(zeros, "0", second)
	}
	fmt.Fprintf(&b, "%s := %s\nswitch %s {\n", strings.Join(vars, ", "), strings.Join(zeros, ", "), goos)
	for _, sys := range setterSystems {
		var names, values []string
		if n.timers {
			names, values = append(names, "idle", "interval", "count"), append(values, sys.idle, sys.interval, sys.count)
		}
		if n.userTimeout && sys.userTimeout != "" {
			names, values = append(names, "userTimeout"), append(values, sys.userTimeout)
			if sys.millis {
				names, values = append(names, "unit"), append(values, millisecond)
			}
		}
		if len(names) == 0 {
			continue
		}
		fmt.Fprintf(&b, "case %s:\n", sys.goos)
		if n.timers && sys.millis { // Linux: SOL_SOCKET and SO_KEEPALIVE but on mips
			fmt.Fprintf(&b, "switch %s {\ncase \"mips\", \"mipsle\", \"mips64\", \"mips64le\":\ndefault:\nsolSocket, soKeepAlive = 1, 9\n}\n", goarch)
		}
		comment := sys.comment
		switch {
		case !n.timers && sys.millis:
			comment = "TCP_USER_TIMEOUT, in ms"
		case !n.timers && comment != "":
			comment = comment[strings.LastIndex(comment, ", ")+2:]
		case n.userTimeout && sys.millis:
			comment = "TCP_USER_TIMEOUT, in ms"
		case !n.userTimeout && sys.userTimeout != "" && comment != "":
			comment = comment[:strings.LastIndex(comment, ", ")]
		}
		if comment != "" {
			comment = " // " + comment
		}
		fmt.Fprintf(&b, "%s = %s%s\n", strings.Join(names, ", "), strings.Join(values, ", "), comment)
	}
	b.WriteString("}\n")
	if n.timers {
		fmt.Fprintf(&b, "if err := %ssolSocket, soKeepAlive, 1); err != nil {\nreturn err\n}\n", call)
	}
	if !n.timers {
		fmt.Fprintf(&b, "if userTimeout == 0 || o.UserTimeout <= 0 {\nreturn nil\n}\nreturn %[1]s6, userTimeout, int(o.UserTimeout/unit))\n}\n", call)
		return formatDecls("the option setter's declaration", b.String())
	}
	b.WriteString("for _, opt := range [...][2]int{\n")
	if n.timers {
		fmt.Fprintf(&b, "{idle, int(o.Idle / %[1]s)},\n{interval, int(o.Interval / %[1]s)},\n{count, o.Count},\n", second)
	}
	if n.userTimeout {
		b.WriteString("{userTimeout, int(o.UserTimeout / unit)},\n")
	}
	fmt.Fprintf(&b, `} {
		if opt[0] != 0 && opt[1] > 0 {
			if err := %[1]s6, opt[0], opt[1]); err != nil {
				return err
			}
		}
	}
	return nil
}
`, call)
	return formatDecls("the option setter's declaration", b.String())
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}
