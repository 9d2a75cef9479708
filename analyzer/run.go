package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/kafix/kafix/fixer"
)

func run(pass *analysis.Pass, cfg Config, opts options) (any, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if !touchesSockets(pass) {
		return (*Deferred)(nil), nil // fast path: no sockets here, no facts to export
	}

	c := &checker{
		pass:    pass,
		cfg:     cfg,
		opts:    opts,
		insp:    inspector.New(socketFiles(pass)),
		enables: make(map[*types.Func]*setsKeepAlive),
		ctors:   make(map[*types.Func]*socketConstructor),
		fixPkg:  &fixer.Package{Files: pass.Files, ReadFile: pass.ReadFile},
	}
	if pass.Module != nil && pass.Module.GoVersion != "" {
		c.fixPkg.GoVersion = "go" + pass.Module.GoVersion
	}

	// Facts first: the sites of this package may be covered by its
	// own helpers, and importers need them too. Helpers come before
	// constructors: a constructor that turns keepalive on itself,
	// possibly through a helper, makes no sites.
	c.findKeepAliveHelpers()
	c.findSocketConstructors()
	c.exportFacts()

	c.reportDirectivesWithoutReason()
	var sites []site
	for _, s := range append(c.findNetSites(), c.findRawSites()...) {
		if c.reportable(s) {
			sites = append(sites, s)
		}
	}
	c.fixPkg.SiteFiles = make(map[string]bool) // where the package's declarations may go
	for _, s := range sites {
		c.fixPkg.SiteFiles[c.pass.Fset.File(s.cur.Node().Pos()).Name()] = true
	}
	expected := make([]fixer.Site, len(sites))
	for i := range sites {
		c.complete(&sites[i])
		expected[i] = sites[i].fix
	}
	c.fixPkg.Expect(expected) // so that the declarations the fixes share hold what they need
	for _, s := range sites {
		c.report(s)
	}
	if c.deferred != nil {
		c.insp, c.ignores, c.goos = nil, nil, nil // what Diagnose does not need
	}
	return c.deferred, nil
}

// A checker holds what one pass knows while it looks for sites.
type checker struct {
	pass     *analysis.Pass
	cfg      Config
	opts     options
	insp     *inspector.Inspector
	enables  map[*types.Func]*setsKeepAlive     // this package's keepalive helpers
	ctors    map[*types.Func]*socketConstructor // this package's socket constructors
	refs     map[*types.Func]funcRef            // how the package refers to its functions (rawreturn.go); nil until asked
	fields   map[*types.Var]fieldUse            // the uses of this package's Dialer and ListenConfig fields
	wrappers map[*types.TypeName][]string       // the fields whose connections each struct type of this package configures (wrapper.go)
	fdTaken  *fdIndex                           // the listeners whose fd is taken raw, and how (listenerfd.go); nil until a site asks
	pkgVars  map[*types.Var]pkgVarValues        // the values of unexported package-level variables (values.go); filled as sites ask
	allFiles *inspector.Inspector               // every file of the package (everyFile); nil until asked
	decls    map[*types.Func]inspector.Cursor   // the package's function declarations (funcDecl); nil until asked
	ignores  map[*ast.File]*fileDirectives      // the directives with a reason of each file (directives.go)
	goos     map[*ast.File][]string             // the systems each file builds for (raw sockets)
	fixPkg   *fixer.Package                     // what the fixes of the package share (the gate)

	// The keepalive helpers that raw sockets' fixes may call
	// (fdhelper.go), nil until a site asks: the helpers, the files the
	// pass leaves out for other systems, and the systems on which the
	// package does not build.
	helperFuncs *[]*types.Func
	others      *[]otherSystemFile
	brokenOn    map[string]bool

	deferred *Deferred // the sites left for the driver to diagnose (Config.Deferred)
}

// state is what a site does about keepalive today.
type state int

const (
	implicit    state = iota // Go turns it on with its own defaults
	disabled                 // the code turns it off
	absent                   // a raw socket: nobody turns it on
	acceptedRaw              // a Go listener whose connections are accepted raw from its fd, without keepalive
)

// A site is one place that creates a TCP connection without a
// deliberate keepalive policy.
type site struct {
	cur      inspector.Cursor // the node reported
	what     string           // how the message names it: "net.Dial"
	state    state
	maybeTCP bool // the network is not a constant
	fix      fixer.Site
}

// reportable reports whether s is reported: not when the policy, the
// Tests setting, a generated file or a //kafix:ignore directive says
// otherwise.
func (c *checker) reportable(s site) bool {
	if c.cfg.Require == RequireOn && s.state == implicit {
		return false
	}
	if !c.cfg.Tests && inTestFile(c.pass.Fset, s.cur) {
		return false
	}
	file := enclosingFile(s.cur)
	return !ast.IsGenerated(file) && !c.ignored(file, s.cur.Node().Pos()) && !inExample(c.pass.Fset, s.cur)
}

// inTestFile reports whether cur is in a _test.go file.
func inTestFile(fset *token.FileSet, cur inspector.Cursor) bool {
	return strings.HasSuffix(fset.File(cur.Node().Pos()).Name(), "_test.go")
}

// inExample reports whether cur is in a testable example (func
// ExampleXxx in a _test.go file): its code is documentation that
// readers copy, which a fix using the package's unexported option
// setter would make uncopyable, and its connections are a sketch.
func inExample(fset *token.FileSet, cur inspector.Cursor) bool {
	if !inTestFile(fset, cur) {
		return false
	}
	for fn := range cur.Enclosing((*ast.FuncDecl)(nil)) {
		decl := fn.Node().(*ast.FuncDecl)
		return decl.Recv == nil && strings.HasPrefix(decl.Name.Name, "Example")
	}
	return false
}

// complete gives s's fix what the fixer needs to know of its file and
// package.
func (c *checker) complete(s *site) {
	file := enclosingFile(s.cur)
	s.fix.File = file
	s.fix.Fset = c.pass.Fset
	s.fix.Info = c.pass.TypesInfo
	s.fix.Pkg = c.pass.Pkg
	s.fix.GoVersion = c.fileVersion(file)
	s.fix.GOOS = c.fileGOOS(file)
	s.fix.Policy = c.cfg.Policy
	s.fix.Package = c.fixPkg
	s.fix.DescribeOnly = c.opts.describeOnly
	if s.fix.Kind == fixer.RawSocket || s.fix.Kind == fixer.RawAccept {
		s.fix.Helper = c.fdHelperFor(file, s.fix.SocketPkg, s.fix.GOOS, s.cur.Node().Pos())
	}
}

// report reports s, a reportable site.
func (c *checker) report(s site) {
	pos, end := s.cur.Node().Pos(), s.cur.Node().End()
	if c.opts.deferred {
		if c.deferred == nil {
			c.deferred = &Deferred{c: c}
		}
		s.cur = inspector.Cursor{} // Diagnose needs the site's syntax, not the inspector
		c.deferred.sites = append(c.deferred.sites, deferredSite{pos, end, s})
		return
	}
	d, _, _ := c.diagnose(s, pos, end)
	c.pass.Report(d)
}

// diagnose builds the diagnostic of s, which spans pos to end, with
// its fix. The message says what the site does today, and why there is
// no fix if there is none; the fix's message says what it sets. Every
// driver, even one that only reports, prints the same words.
//
// fix is the fix's message, also under ReportOnly, where the
// diagnostic carries no fix; partial is why the fix falls short of the
// policy in force, if it does.
func (c *checker) diagnose(s site, pos, end token.Pos) (d analysis.Diagnostic, fix, partial string) {
	d = analysis.Diagnostic{
		Pos:      pos,
		End:      end,
		Category: "keepalive",
		Message:  s.today(),
		URL:      PolicyURL,
	}
	res, err := c.fix(s.fix)
	if err != nil {
		d.Message = s.refused(err.Error())
		return d, "", ""
	}
	if !c.opts.describeOnly {
		d.SuggestedFixes = []analysis.SuggestedFix{res.Fix}
	}
	return d, res.Description, res.Partial
}

// Deferred is what a pass returns under DeferFixes: the sites it
// found, in order, whose diagnostics Diagnose builds.
type Deferred struct {
	c     *checker
	sites []deferredSite
}

type deferredSite struct {
	pos, end token.Pos
	site     site
}

// Len returns the number of sites; a nil *Deferred has none.
func (d *Deferred) Len() int {
	if d == nil {
		return 0
	}
	return len(d.sites)
}

// Span returns where the i'th site starts and ends.
func (d *Deferred) Span(i int) (pos, end token.Pos) { return d.sites[i].pos, d.sites[i].end }

// A Diagnosis is the diagnostic of a deferred site, the message of its
// fix ("" if it has none; set under ReportOnly too), and why its fix
// falls short of the policy in force ("" if it does not): the
// migration counts such a site as partly fixed.
type Diagnosis struct {
	Diagnostic analysis.Diagnostic
	Fix        string
	Partial    string
}

// Diagnose builds the diagnostics of the sites that keep selects (all
// of them if keep is nil), fixes included, in order: the fixes of a
// package build on each other, as when one declares the gate that the
// next ones use. It may be called once; then d lets go of the pass.
func (d *Deferred) Diagnose(keep func(i int) bool) []Diagnosis {
	var out []Diagnosis
	for i, s := range d.sites {
		if keep == nil || keep(i) {
			diag, fix, partial := d.c.diagnose(s.site, s.pos, s.end)
			out = append(out, Diagnosis{diag, fix, partial})
		}
	}
	d.c, d.sites = nil, nil
	return out
}

// fix asks the fixer for s's fix, reading the file's source once.
func (c *checker) fix(s fixer.Site) (*fixer.Result, error) {
	name := c.pass.Fset.File(s.File.FileStart).Name()
	src, err := c.pass.ReadFile(name)
	if err != nil {
		return nil, err
	}
	s.Src = src
	return fixer.Fix(s)
}

// fileVersion is the Go version of file, falling back to the module's
// go line.
func (c *checker) fileVersion(file *ast.File) string {
	if v := c.pass.TypesInfo.FileVersions[file]; v != "" {
		return v
	}
	if c.pass.Module != nil && c.pass.Module.GoVersion != "" {
		return "go" + c.pass.Module.GoVersion
	}
	return ""
}

// fileGOOS lists the systems that file builds for, sorted; nil means
// every system. Each file with sites pays for it once.
func (c *checker) fileGOOS(file *ast.File) []string {
	if file == nil {
		return nil
	}
	if c.goos == nil {
		c.goos = make(map[*ast.File][]string)
	}
	if g, ok := c.goos[file]; ok {
		return g
	}
	g := fixer.BuildsFor(c.pass.Fset.File(file.FileStart).Name(), file)
	c.goos[file] = g
	return g
}

func enclosingFile(cur inspector.Cursor) *ast.File {
	for f := range cur.Enclosing((*ast.File)(nil)) {
		return f.Node().(*ast.File)
	}
	return nil
}
