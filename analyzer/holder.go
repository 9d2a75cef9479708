package analyzer

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/kafix/kafix/fixer"
)

// This file finds zero Dialers and ListenConfigs held in struct
// fields: type pgDialer struct{ d net.Dialer }, created as pgDialer{}
// and dialed through x.d.DialContext. The site is the literal that
// leaves the field zero; the field's uses anywhere in the package
// decide whether it is TCP and whether it is covered.

// holderFields are the fields of t, a struct type declared in this
// package, that hold a net.Dialer or net.ListenConfig by value (a
// pointer field holds one created elsewhere, a site of its own).
func (c *checker) holderFields(t types.Type) []*types.Var {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() != c.pass.Pkg || n.TypeArgs().Len() > 0 {
		// A literal of another package's type cannot key its
		// unexported fields; an instance of a generic type has fields
		// of its own, which its methods do not use.
		return nil
	}
	return configFields(n)
}

// configFields are the fields of n's struct that hold a net.Dialer or
// net.ListenConfig by value.
func configFields(n *types.Named) []*types.Var {
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var out []*types.Var
	for i := range st.NumFields() {
		if f := st.Field(i); configType(f.Type()) != "" && !isPointer(f.Type()) {
			out = append(out, f)
		}
	}
	return out
}

// holderLit handles a literal of a struct type of this package that
// leaves a net.Dialer or net.ListenConfig field zero: every
// connection dialed or accepted through that field relies on Go's
// implicit keepalive.
func (c *checker) holderLit(cur inspector.Cursor, lit *ast.CompositeLit) (site, bool) {
	return c.holderSite(cur, lit, c.pass.TypesInfo.TypeOf(lit), lit, fixer.HolderLit)
}

// holderVar handles `var p pgDialer` without a value, of a struct
// type of this package that holds a Dialer or ListenConfig.
func (c *checker) holderVar(cur inspector.Cursor, spec *ast.ValueSpec) (site, bool) {
	return c.holderSite(cur, spec, c.pass.TypesInfo.TypeOf(spec.Type), nil, fixer.ConfigVar)
}

// holderNew handles new(pgDialer), of a struct type of this package
// that holds a Dialer or ListenConfig.
func (c *checker) holderNew(cur inspector.Cursor, call *ast.CallExpr) (site, bool) {
	return c.holderSite(cur, call, c.pass.TypesInfo.TypeOf(call.Args[0]), nil, fixer.ConfigNew)
}

// holderSite is the site at n, which creates a value of type t (with
// lit, or without a literal if lit is nil), if the value leaves a
// Dialer or ListenConfig field zero that matters (see zeroFields).
// The message names the fields by the type ("pgDialer's zero
// net.Dialer d"); the position says whether a literal, a declaration
// or new made the value.
func (c *checker) holderSite(cur inspector.Cursor, n ast.Node, t types.Type, lit *ast.CompositeLit, kind fixer.Kind) (site, bool) {
	keys, fields, maybe := c.zeroFields(t, lit)
	if len(keys) == 0 {
		return site{}, false
	}
	return site{cur: cur, what: fmt.Sprintf("%s's zero %s", typeName(c.pass.Pkg, t), fields), state: implicit, maybeTCP: maybe,
		fix: fixer.Site{Kind: kind, Node: n, Keys: keys}}, true
}

// zeroFields are the Dialer and ListenConfig fields that a value of
// type t leaves zero (created by lit, or without a literal if lit is
// nil), and that matter: the package dials or listens through them on
// TCP (or on a network that is not a constant), and does not assign
// them or their keepalive anywhere. It returns them as the fix keys
// them, and as a message names them; maybe says that no network they
// are used with is a constant.
func (c *checker) zeroFields(t types.Type, lit *ast.CompositeLit) (keys []fixer.Key, names string, maybe bool) {
	fields := c.holderFields(t)
	if len(fields) == 0 {
		return nil, "", false
	}
	if lit != nil {
		for _, e := range lit.Elts {
			if _, ok := e.(*ast.KeyValueExpr); !ok {
				return nil, "", false // positional: every field has a value
			}
		}
	}
	var words []string
	maybe = true
	for _, field := range fields {
		if lit != nil && keyedValue(lit, field.Name()) != nil {
			continue
		}
		tcp, m := c.fieldNetworks(field)
		if !tcp {
			continue
		}
		maybe = maybe && m
		typ := configType(field.Type())
		keys = append(keys, fixer.Key{Name: field.Name(), Type: typ})
		if field.Embedded() {
			words = append(words, "embedded net."+typ)
		} else {
			words = append(words, "net."+typ+" "+field.Name())
		}
	}
	return keys, strings.Join(words, " and "), maybe
}

// typeName is t as this package writes it.
func typeName(pkg *types.Package, t types.Type) string {
	return types.TypeString(t, types.RelativeTo(pkg))
}

// A fieldUse is what the uses of a Dialer or ListenConfig field say:
// the networks it dials or listens on, and whether the package sets
// it or its keepalive somewhere.
type fieldUse struct {
	seen netUse // inert uses not counted
	all  netUse // inert uses counted
	set  bool
}

// fieldNetworks says whether field, a net.Dialer or net.ListenConfig
// field of a struct type of this package, is used to dial or listen
// on TCP, and whether only on networks that are not constants. Unlike
// a variable's, a field's uses are looked for in the whole package:
// the literal that creates it is rarely where it dials (lib/pq's
// defaultDialer{} in one function, d.d.DialContext in a method).
func (c *checker) fieldNetworks(field *types.Var) (tcp, maybe bool) {
	u := c.fieldUses(field)
	seen := u.seen
	switch {
	case u.set:
		return false, false
	case seen.loopback && !seen.remote && !seen.other && !c.cfg.Loopback:
		return false, false // only ever dials or listens on loopback
	case seen.tcp || seen.other:
		return true, false
	case seen.maybe:
		return true, true
	}
	return false, false // never used to dial or listen here, or only not on TCP
}

// fieldUses is what the uses of field say, looked for once per pass.
func (c *checker) fieldUses(field *types.Var) fieldUse {
	u, ok := c.fields[field]
	if !ok {
		u = c.useOfField(field)
		if c.fields == nil {
			c.fields = make(map[*types.Var]fieldUse)
		}
		c.fields[field] = u
	}
	return u
}

// useOfField looks at each use of field in the package: x.d, and for
// an embedded field x in x.DialContext, promoted through it. It looks
// at every use, even once the field is known to be set: a keyed
// literal of the field needs its networks (configNetworks).
func (c *checker) useOfField(field *types.Var) fieldUse {
	var u fieldUse
	look := func(use inspector.Cursor) bool {
		if assignsWhole(use) && !c.callerSupplied(use) || c.enablesAt(scopeOf(use), use, 0) {
			u.set = true
		}
		nu := c.networkUse(use)
		u.seen = u.seen.add(nu.counted(false))
		u.all = u.all.add(nu)
		return false
	}
	c.usesOf(c.insp.Root(), field, look)
	if !field.Embedded() {
		return u
	}
	for cur := range c.insp.Root().Preorder((*ast.SelectorExpr)(nil)) {
		sel := cur.Node().(*ast.SelectorExpr)
		if s := c.pass.TypesInfo.Selections[sel]; s != nil && promotedThrough(s, field) {
			look(cur.ChildAt(edge.SelectorExpr_X, -1))
		}
	}
	return u
}

// assignsWhole reports whether use, x.d, is assigned a value of its
// own (x.d = net.Dialer{...}, x.d = *d): the Dialer that x dials with
// is then that value, a site of its own if it is a literal.
func assignsWhole(use inspector.Cursor) bool {
	as, ok := use.Parent().Node().(*ast.AssignStmt)
	if !ok {
		return false
	}
	for _, l := range as.Lhs {
		if l == use.Node() {
			return true
		}
	}
	return false
}

// callerSupplied reports whether use, x.d assigned a value of its own,
// is assigned a parameter of an exported function that this package
// never calls nor refers to: an option such as jlaffaye/ftp's
//
//	func DialWithDialer(dialer net.Dialer) DialOption {
//		return DialOption{func(do *dialOptions) { do.dialer = dialer }}
//	}
//
// The Dialer is then an importer's, created at a site of its own, and
// it replaces the field only where an importer asks for it: wherever
// the package's own literal leaves the field zero, it dials with the
// zero Dialer by default.
func (c *checker) callerSupplied(use inspector.Cursor) bool {
	info := c.pass.TypesInfo
	rhs := assignedValue(use.Parent().Node().(*ast.AssignStmt), use.Node())
	if star, ok := ast.Unparen(rhs).(*ast.StarExpr); ok {
		rhs = star.X // do.dialer = *dialer
	}
	id, ok := ast.Unparen(rhs).(*ast.Ident)
	decl, isDecl := scopeOf(use).Node().(*ast.FuncDecl)
	if !ok || !isDecl || !c.importable() {
		return false
	}
	param, isVar := info.Uses[id].(*types.Var)
	fn, isFunc := info.Defs[decl.Name].(*types.Func)
	if !isVar || !isFunc || !fn.Exported() || paramIndex(fn.Signature(), param) < 0 {
		return false
	}
	r := c.funcRefs()[fn]
	return len(r.calls) == 0 && !r.asValue && len(r.registries) == 0
}

// promotedThrough reports whether the selection s reaches its field or
// method through field, an embedded field, rather than selecting it.
func promotedThrough(s *types.Selection, field *types.Var) bool {
	t := s.Recv()
	path := s.Index()
	for _, i := range path[:len(path)-1] {
		if p, ok := types.Unalias(t).(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return false
		}
		if st.Field(i) == field {
			return true
		}
		t = st.Field(i).Type()
	}
	return false
}
