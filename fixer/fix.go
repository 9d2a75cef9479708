package fixer

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"path"
	"slices"
	"strconv"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
	"golang.org/x/tools/go/analysis"
)

// configAPIVersion is the first Go version with net.KeepAliveConfig.
const configAPIVersion = "go1.23"

// Fix returns the fix for s, or an error that says why there is none.
func Fix(s Site) (*Result, error) {
	if err := checkComplete(&s); err != nil {
		return nil, err
	}
	ed, err := newDeclEditor(&s, s.Node)
	if err != nil {
		return nil, err
	}
	f := &fixCtx{site: &s, ed: ed, im: newImports(&s, s.Node.Pos())}
	g := f.gate()
	if g.err != nil {
		return nil, g.err
	}
	if err := f.checkGateVisible(); err != nil {
		return nil, err
	}
	f.adoptProjectPolicy()
	if err := f.rewrite(); err != nil {
		return nil, err
	}
	if s.Package != nil {
		defer func() { s.Package.addedImports(s.Fset.File(s.File.FileStart).Name(), f.im.add) }()
	}
	if s.DescribeOnly {
		if f.usesSockopt {
			if sp := f.sockopt(); sp.err != nil {
				return nil, sp.err
			}
		}
		return &Result{Description: f.description(), Partial: f.partial()}, nil
	}
	edits, err := ed.edits()
	if err != nil {
		return nil, err
	}
	decls, setterImports, err := f.declarations(g)
	if err != nil {
		return nil, err
	}
	importEdits, err := f.im.edits()
	if err != nil {
		return nil, err
	}
	description := f.description()
	return &Result{
		Fix: analysis.SuggestedFix{
			Message:   description,
			TextEdits: assembleEdits(importEdits, edits, decls, setterImports),
		},
		Description: description,
		Partial:     f.partial(),
	}, nil
}

// checkComplete reports a site that lacks what a fix reads, or whose
// source is not the file that was parsed.
func checkComplete(s *Site) error {
	if s.File == nil || s.Src == nil || s.Node == nil || s.Fset == nil || s.Info == nil || s.Pkg == nil {
		return fmt.Errorf("incomplete site")
	}
	for _, c := range s.Conns {
		if c.Call == nil {
			return fmt.Errorf("incomplete site: a connection without its call")
		}
	}
	// Every offset of the fix comes from the parsed file: source of
	// another length (the file changed since it was parsed) would
	// send them out of range.
	if tok := s.Fset.File(s.File.FileStart); tok == nil || tok.Size() != len(s.Src) {
		return fmt.Errorf("the source is not the file that was parsed")
	}
	return nil
}

// declarations are the edits of the declarations the fix relies on:
// the gate's and the option setter's, right after the imports of the
// file they go in, with the gate's imports where it goes to another
// file, and, apart, the imports of the option setter (setterImports).
// Every fix of the package carries them as the very same edits, so
// that drivers merge them. Where both go to the same file they are one
// edit, the setter first, and every fix carries both: the setter then
// comes with the gate even where no fix of the package calls it.
// It moves the imports that the declarations bring in this file out
// of f.im, or, where they must be one edit, into it.
func (f *fixCtx) declarations(g *gatePlan) (decls, setterImports []analysis.TextEdit, err error) {
	sp := f.setterToCarry(g)
	if sp != nil && sp.file == f.site.File {
		// Its import edits bring these; the site uses the same names.
		for _, p := range sp.block {
			if n, ok := f.im.add[p]; ok && cmp.Or(n, path.Base(p)) != sp.names[p] {
				return nil, nil, fmt.Errorf("import %s under one name in this file", p)
			}
			delete(f.im.add, p)
		}
	}
	if sp != nil {
		setterImports = sp.importEdits
		if sp.file == f.site.File && len(f.im.add) > 0 && len(sp.importEdits) > 0 && !importsInParens(f.site.File) {
			// The file's one import becomes a list: one edit for both,
			// or they would overlap.
			for _, p := range sp.block {
				f.im.add[p] = ""
				if n := sp.names[p]; n != path.Base(p) {
					f.im.add[p] = n
				}
			}
			setterImports = nil
		}
	}
	gateInsert := g.insert
	if g.insert != nil {
		if g.file == f.site.File {
			f.im.include(g.im)
		} else {
			decls = append(decls, g.edits[:len(g.edits)-1]...) // its imports; g.edits ends with g.insert
		}
	}
	switch {
	case sp != nil && gateInsert != nil && sp.file == g.file:
		decls = append(decls, analysis.TextEdit{Pos: sp.insert.Pos, End: sp.insert.End,
			NewText: append(append([]byte{}, sp.insert.NewText...), gateInsert.NewText...)})
	default:
		if sp != nil {
			decls = append(decls, *sp.insert)
		}
		if gateInsert != nil {
			decls = append(decls, *gateInsert)
		}
	}
	return decls, setterImports, nil
}

// setterToCarry is the option setter's plan that the fix carries: the
// one its edits call, or the one that goes to the gate's file; else
// one that brings imports every fix must carry (setterBringingImports);
// nil for none.
func (f *fixCtx) setterToCarry(g *gatePlan) *sockoptPlan {
	var sp *sockoptPlan
	if f.usesSockopt || g.insert != nil {
		if sp = f.sockopt(); sp.err != nil || sp.insert == nil || !f.usesSockopt && sp.file != g.file {
			sp = nil
		}
	}
	if sp == nil && !f.usesSockopt {
		sp = f.setterBringingImports()
	}
	return sp
}

// assembleEdits are the fix's edits in order: its imports, the edits
// of the declaration it changes and the declarations it relies on.
// Insertions at one place (a file without imports gets the
// declarations' imports where the declarations go) are joined, in
// order, so that no driver has to guess their order. The setter's
// imports stay edits of their own, the same in every fix that carries
// them, even where this fix inserts an import at the same place:
// drivers coalesce identical edits and apply insertions at one place
// side by side. They go before the declaration where both go to one
// place (a file without imports).
func assembleEdits(importEdits, edits, decls, setterImports []analysis.TextEdit) []analysis.TextEdit {
	all := joinInsertions(append(append(importEdits, edits...), decls...))
	if len(setterImports) > 0 {
		all = append(slices.Clone(setterImports), all...)
		slices.SortStableFunc(all, func(a, b analysis.TextEdit) int {
			return cmp.Or(cmp.Compare(a.Pos, b.Pos), cmp.Compare(a.End, b.End))
		})
	}
	return all
}

// joinInsertions orders edits by position and joins insertions at the
// same position into one, in order, so that no driver has to guess
// their order.
func joinInsertions(edits []analysis.TextEdit) []analysis.TextEdit {
	// An insertion sorts before a replacement that starts where it is.
	slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int {
		return cmp.Or(cmp.Compare(a.Pos, b.Pos), cmp.Compare(a.End, b.End))
	})
	var out []analysis.TextEdit
	for _, e := range edits {
		if n := len(out); n > 0 && out[n-1].Pos == e.Pos && out[n-1].End == e.Pos && e.End == e.Pos {
			out[n-1].NewText = append(slices.Clip(out[n-1].NewText), e.NewText...)
			continue
		}
		out = append(out, e)
	}
	return out
}

// A fixCtx is the state of one fix being written.
type fixCtx struct {
	site *Site
	ed   *declEditor
	im   *imports

	usesSockopt bool           // the fix calls the package's option setter
	reuse       *projectPolicy // the package's own policy, which the fix writes (reuse.go)
	sets        settings       // what the fix sets, for its description
	notes       []string       // what the description adds: what the fix could not set, and why
}

func (f *fixCtx) rewrite() error {
	switch f.site.Kind {
	case DialCall:
		return f.dialCall()
	case TLSDialCall:
		return f.tlsDialCall()
	case ListenCall:
		return f.listenCall()
	case TLSListenCall:
		return f.tlsListenCall()
	case ConfigLit:
		return f.configLit()
	case TLSDialerLit:
		return f.tlsDialerLit()
	case ConfigVar:
		return f.configVar()
	case ConfigNew:
		return f.configNew()
	case HolderLit:
		return f.holderLit()
	case FuncValue:
		return f.funcValue()
	case ConnCreated:
		return f.connCreated()
	case ListenTCPCall:
		return f.listenTCPCall()
	case DisableCall:
		return f.disableCall()
	case RawSocket, RawAccept, RawDisable:
		return f.rawSocket()
	}
	return fmt.Errorf("unknown site kind %d", f.site.Kind)
}

// newAPI reports whether the file may use net.KeepAliveConfig.
func (f *fixCtx) newAPI() bool {
	v := f.site.GoVersion
	return v == "" || !version.IsValid(v) || version.Compare(v, configAPIVersion) >= 0
}

// qualified is pkg.name as the file refers to it.
func (f *fixCtx) qualified(importPath, name string) dst.Expr {
	q := f.im.name(importPath)
	if q == "" {
		return dst.NewIdent(name)
	}
	return &dst.SelectorExpr{X: dst.NewIdent(q), Sel: dst.NewIdent(name)}
}

// configLiteral is &net.Dialer{...} (or ListenConfig) with the extra
// fields first, then the keepalive fields, one per line.
func (f *fixCtx) configLiteral(typeName string, extra ...dst.Expr) (dst.Expr, error) {
	lit := &dst.CompositeLit{Type: f.qualified("net", typeName)}
	fields, err := f.keepAliveFields(nil)
	if err != nil {
		return nil, err
	}
	lit.Elts = extra
	for _, kv := range fields {
		lit.Elts = append(lit.Elts, kv)
	}
	if len(lit.Elts) > 1 || !f.shortKeepAliveField() {
		onePerLine(lit)
	}
	return &dst.UnaryExpr{Op: token.AND, X: lit}, nil
}

// replace puts new in the place of old in the snippet.
func (f *fixCtx) replace(old, new dst.Node) error {
	done := false
	var err error
	dstutil.Apply(f.ed.file, func(c *dstutil.Cursor) bool {
		if c.Node() == old {
			done = true
			// go and defer take nothing but a call: only code that
			// does not type-check defers new(net.Dialer).
			if _, isCall := new.(*dst.CallExpr); !isCall {
				switch c.Parent().(type) {
				case *dst.GoStmt, *dst.DeferStmt:
					err = fmt.Errorf("go and defer take only a call")
					return false
				}
			}
			c.Replace(new)
			return false
		}
		return !done
	}, nil)
	if err != nil {
		return err
	}
	if !done {
		return fmt.Errorf("cannot replace %T", old)
	}
	return nil
}

// siteCall is the site's node as the call that its kind names. The
// analyzer always gives one, but Fix is public: a site whose node does
// not match its kind gets no fix rather than a panic.
func (f *fixCtx) siteCall() (*ast.CallExpr, error) {
	call, ok := f.site.Node.(*ast.CallExpr)
	if !ok {
		return nil, fmt.Errorf("the site is not a call")
	}
	return call, nil
}

// siteLit is the site's node as the composite literal that its kind
// names, and its dst twin.
func (f *fixCtx) siteLit() (*ast.CompositeLit, *dst.CompositeLit, error) {
	orig, ok := f.site.Node.(*ast.CompositeLit)
	if !ok {
		return nil, nil, fmt.Errorf("the site is not a composite literal")
	}
	n, err := f.ed.twin(orig)
	if err != nil {
		return nil, nil, err
	}
	lit, ok := n.(*dst.CompositeLit)
	if !ok {
		return nil, nil, fmt.Errorf("the site is not a composite literal")
	}
	return orig, lit, nil
}

// callTwin is the dst twin of the site's call.
func (f *fixCtx) callTwin() (*dst.CallExpr, error) {
	n, err := f.ed.twin(f.site.Node)
	if err != nil {
		return nil, err
	}
	call, ok := n.(*dst.CallExpr)
	if !ok {
		return nil, fmt.Errorf("the site is not a call")
	}
	return call, nil
}

// freeName is base, or base with a number, the first name that a
// declaration at pos may take (nameFree).
func (f *fixCtx) freeName(base string, pos token.Pos) string {
	return freshName(base, "", func(name string) bool { return !nameFree(f.site.Pkg, name, pos) })
}

// freshName is the first name that taken does not claim of base,
// prefix+base, prefix+base+"2", prefix+base+"3" and so on; with no
// prefix, of base, base+"2", base+"3"... Every name a fix declares or
// imports under is chosen here; what taken claims is the caller's
// question (a scope at a position, the package, the file's imports).
func freshName(base, prefix string, taken func(name string) bool) string {
	if !taken(base) {
		return base
	}
	if prefix != "" && !taken(prefix+base) {
		return prefix + base
	}
	for i := 2; ; i++ {
		if name := prefix + base + strconv.Itoa(i); !taken(name) {
			return name
		}
	}
}

// nameFree reports whether a statement inserted at pos may declare
// name in the innermost scope there without changing what any other
// name means or breaking the build: no object called name is visible
// at pos (the declaration would shadow it, or := would reuse it), and
// that scope declares none either, after pos included (a later
// declaration of the same block would then redeclare it, or a later :=
// would assign it). A name declared in a nested scope is free: there
// it shadows the fix's, which the fix only uses outside it.
func nameFree(pkg *types.Package, name string, pos token.Pos) bool {
	scope := pkg.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	if _, obj := scope.LookupParent(name, pos); obj != nil {
		return false
	}
	return scope.Lookup(name) == nil
}

// contextAt is the innermost context.Context variable in scope at
// pos, or context.Background() where there is none.
func (f *fixCtx) contextAt(pos token.Pos) dst.Expr {
	for scope := f.site.Pkg.Scope().Innermost(pos); scope != nil && scope != f.site.Pkg.Scope(); scope = scope.Parent() {
		for _, name := range scope.Names() {
			v, ok := scope.Lookup(name).(*types.Var)
			if !ok || v.Pos() >= pos || !IsNamed(v.Type(), "context", "Context") {
				continue
			}
			if _, obj := scope.LookupParent(name, pos); obj == v {
				return dst.NewIdent(name)
			}
		}
	}
	return &dst.CallExpr{Fun: f.qualified("context", "Background")}
}

// returnLine is return e, on a line of its own.
func returnLine(e dst.Expr) *dst.ReturnStmt {
	r := &dst.ReturnStmt{Results: []dst.Expr{e}}
	r.Decs.Before, r.Decs.After = dst.NewLine, dst.NewLine
	return r
}

func keyValue(key string, value dst.Expr) *dst.KeyValueExpr {
	return &dst.KeyValueExpr{Key: dst.NewIdent(key), Value: value}
}

func intLit(n int64) *dst.BasicLit {
	return &dst.BasicLit{Kind: token.INT, Value: fmt.Sprint(n)}
}

// onePerLine lays a literal out with one element per line.
func onePerLine(lit *dst.CompositeLit) {
	for _, e := range lit.Elts {
		e.Decorations().Before = dst.NewLine
		e.Decorations().After = dst.NewLine
	}
}

// multiline reports whether lit, in the site's source, spans lines.
func (f *fixCtx) multiline(lit *ast.CompositeLit) bool {
	fset := f.site.Fset
	return fset.Position(lit.Lbrace).Line != fset.Position(lit.Rbrace).Line
}

// setterBringingImports is the package's option setter when a fix
// that does not call it adds an import that the setter's own import
// block brings to the same file: the fix then carries the setter's
// declaration too, so that the two edits merge and the file imports
// the package once, whichever fixes a driver applies. nil otherwise.
func (f *fixCtx) setterBringingImports() *sockoptPlan {
	p := f.site.Package
	if p == nil {
		return nil
	}
	p.mu.Lock()
	sp := p.sockopts[f.site.Policy]
	p.mu.Unlock()
	if sp == nil && p.expectsSetter(f.site.Policy) {
		// A later fix of the package calls it: plan it now, so that
		// this fix's imports and its do not overlap.
		sp = f.sockopt()
	}
	if sp == nil || sp.err != nil || sp.insert == nil || sp.file != f.site.File {
		return nil
	}
	for _, path := range sp.block {
		if _, ok := f.im.add[path]; ok {
			return sp
		}
	}
	return nil
}
