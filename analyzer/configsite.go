package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/kafix/kafix/fixer"
	"golang.org/x/tools/go/ast/inspector"
)

// This file finds the sites that are Dialer, ListenConfig and
// tls.Dialer values: literals, declarations without a value, and new.

// configLit handles net.Dialer, net.ListenConfig and tls.Dialer
// composite literals.
func (c *checker) configLit(cur inspector.Cursor, lit *ast.CompositeLit) (site, bool) {
	info := c.pass.TypesInfo
	t := info.TypeOf(lit)
	if fixer.IsNamedOrPointer(t, "crypto/tls", "Dialer") {
		return c.tlsDialerLit(cur, lit)
	}
	field := configType(t)
	if field == "" {
		return site{}, false
	}
	st := implicit
	if v := keyedValue(lit, "KeepAliveConfig"); v != nil && enablesConfig(info, v) {
		return site{}, false
	}
	for _, key := range []string{"Control", "ControlContext"} {
		if v := keyedValue(lit, key); v != nil && c.controlSetsKeepAlive(v) {
			return site{}, false
		}
	}
	if v := keyedValue(lit, "KeepAlive"); v != nil {
		if positiveOrUnknown(info, v) {
			return site{}, false
		}
		if n, _ := constInt(info, v); n < 0 {
			st = disabled
		}
	}
	if localAddrNotTCP(info, lit) {
		return site{}, false
	}
	owner := c.ownerOf(cur)
	if c.enabledOn(scopeOf(cur), owner, 0) || c.heldByWrapper(climbAddr(cur)) {
		return site{}, false
	}
	tcp, maybe := c.configNetworks(cur, owner, st == disabled)
	if !tcp {
		return site{}, false
	}
	what := "net." + field
	if st == disabled {
		what += " with a negative KeepAlive"
	}
	return site{cur: cur, what: what, state: st, maybeTCP: maybe,
		fix: fixer.Site{Kind: fixer.ConfigLit, Node: lit, Field: field, ControlAssigned: c.controlAssigned(cur, owner)}}, true
}

// localAddrNotTCP reports whether lit, a Dialer literal, has a
// LocalAddr of another network (&net.UDPAddr{...}): its TCP dials
// fail with a mismatched local address, so it dials no TCP.
func localAddrNotTCP(info *types.Info, lit *ast.CompositeLit) bool {
	v := keyedValue(lit, "LocalAddr")
	if v == nil {
		return false
	}
	t := info.TypeOf(v)
	return fixer.IsNamedOrPointer(t, "net", "UDPAddr") || fixer.IsNamedOrPointer(t, "net", "UnixAddr") || fixer.IsNamedOrPointer(t, "net", "IPAddr")
}

// tlsDialerLit handles a tls.Dialer literal without a NetDialer,
// which dials with a zero net.Dialer.
func (c *checker) tlsDialerLit(cur inspector.Cursor, lit *ast.CompositeLit) (site, bool) {
	if keyedValue(lit, "NetDialer") != nil {
		return site{}, false // the net.Dialer is a site of its own
	}
	if len(lit.Elts) > 0 {
		// tls.Dialer{d, cfg}: the first of the unkeyed fields is the
		// NetDialer, which only a nil leaves out.
		if _, keyed := lit.Elts[0].(*ast.KeyValueExpr); !keyed && !c.pass.TypesInfo.Types[lit.Elts[0]].IsNil() {
			return site{}, false
		}
	}
	maybe, ok := c.tlsDialerDials(cur, c.ownerOf(cur))
	if !ok {
		return site{}, false
	}
	return site{cur: cur, what: "tls.Dialer without a NetDialer", state: implicit, maybeTCP: maybe,
		fix: fixer.Site{Kind: fixer.TLSDialerLit, Node: lit}}, true
}

// tlsDialerDials reports whether a tls.Dialer without a NetDialer,
// created at cur and held by owner, dials TCP (maybe: perhaps) with a
// zero net.Dialer: no NetDialer is assigned to it later, and its Dial
// and DialContext, which take the network and address where a
// net.Dialer's do, are not only used on loopback or another network.
func (c *checker) tlsDialerDials(cur inspector.Cursor, owner types.Object) (maybe, ok bool) {
	if owner != nil {
		assigned := c.usesOf(scopeOf(cur), owner, func(use inspector.Cursor) bool {
			sel, ok := use.Parent().Node().(*ast.SelectorExpr)
			return ok && sel.Sel.Name == "NetDialer"
		})
		if assigned {
			return false, false
		}
	}
	tcp, maybe := c.configNetworks(cur, owner, false)
	return maybe, tcp
}

// configVar handles `var d net.Dialer` without a value.
func (c *checker) configVar(cur inspector.Cursor, spec *ast.ValueSpec) (site, bool) {
	if len(spec.Values) != 0 || spec.Type == nil || len(spec.Names) == 0 {
		return site{}, false
	}
	if len(spec.Names) == 1 && c.zeroOverwritten(cur, c.pass.TypesInfo.Defs[spec.Names[0]]) {
		return site{}, false // the value assigned later is what dials (a site of its own if it is a literal)
	}
	t := c.pass.TypesInfo.TypeOf(spec.Type)
	if fixer.IsNamedOrPointer(t, "crypto/tls", "Dialer") && !isPointer(t) {
		if len(spec.Names) != 1 {
			return site{}, false
		}
		maybe, ok := c.tlsDialerDials(cur, c.pass.TypesInfo.Defs[spec.Names[0]])
		if !ok {
			return site{}, false
		}
		return site{cur: cur, what: "tls.Dialer declared without a value", state: implicit, maybeTCP: maybe,
			fix: fixer.Site{Kind: fixer.ConfigVar, Node: spec, Field: fixer.TLSDialer}}, true
	}
	field := configType(t)
	if field == "" {
		return c.holderVar(cur, spec)
	}
	if isPointer(t) {
		return site{}, false
	}
	scope := scopeOf(cur)
	for _, name := range spec.Names {
		owner := c.pass.TypesInfo.Defs[name]
		if c.enabledOn(scope, owner, 0) {
			return site{}, false
		}
		if tcp, _ := c.configNetworks(cur, owner, false); !tcp {
			return site{}, false
		}
	}
	_, maybe := c.configNetworks(cur, c.pass.TypesInfo.Defs[spec.Names[0]], false)
	return site{cur: cur, what: "net." + field + " declared without a value", state: implicit, maybeTCP: maybe,
		fix: fixer.Site{Kind: fixer.ConfigVar, Node: spec, Field: field, ControlAssigned: c.controlAssigned(cur, c.pass.TypesInfo.Defs[spec.Names[0]])}}, true
}

// configNew handles new(net.Dialer) and new(net.ListenConfig).
func (c *checker) configNew(cur inspector.Cursor, call *ast.CallExpr) (site, bool) {
	if t := c.pass.TypesInfo.TypeOf(call.Args[0]); fixer.IsNamedOrPointer(t, "crypto/tls", "Dialer") && !isPointer(t) {
		maybe, ok := c.tlsDialerDials(cur, c.resultVar(cur))
		if !ok {
			return site{}, false
		}
		return site{cur: cur, what: "new(tls.Dialer)", state: implicit, maybeTCP: maybe,
			fix: fixer.Site{Kind: fixer.ConfigNew, Node: call, Field: fixer.TLSDialer}}, true
	}
	field := configType(c.pass.TypesInfo.TypeOf(call.Args[0]))
	if field == "" {
		return c.holderNew(cur, call)
	}
	if isPointer(c.pass.TypesInfo.TypeOf(call.Args[0])) {
		return site{}, false
	}
	owner := c.resultVar(cur)
	if c.enabledOn(scopeOf(cur), owner, 0) {
		return site{}, false
	}
	tcp, maybe := c.configNetworks(cur, owner, false)
	if !tcp {
		return site{}, false
	}
	return site{cur: cur, what: "new(net." + field + ")", state: implicit, maybeTCP: maybe,
		fix: fixer.Site{Kind: fixer.ConfigNew, Node: call, Field: field, ControlAssigned: c.controlAssigned(cur, owner)}}, true
}

// configType is "Dialer" or "ListenConfig" if t is that type of
// package net (or a pointer to it), else "".
func configType(t types.Type) string {
	switch {
	case fixer.IsNamedOrPointer(t, "net", "Dialer"):
		return "Dialer"
	case fixer.IsNamedOrPointer(t, "net", "ListenConfig"):
		return "ListenConfig"
	}
	return ""
}

// zeroOverwritten reports whether the zero value that `var d T` at cur
// gives v is never used: the statements that follow the declaration
// in its block assign v a whole new value, unconditionally or in every
// branch of an if/else chain, before anything else refers to v
// (var d net.Dialer; if c.Dialer == nil { d = net.Dialer{...} } else
// { d = *c.Dialer }).
func (c *checker) zeroOverwritten(cur inspector.Cursor, v types.Object) bool {
	decl := cur.Parent().Parent() // ValueSpec -> GenDecl -> DeclStmt
	block, ok := decl.Parent().Node().(*ast.BlockStmt)
	if v == nil || !ok {
		return false
	}
	i := slices.Index(block.List, ast.Stmt(decl.Node().(*ast.DeclStmt)))
	if i < 0 {
		return false
	}
	for _, stmt := range block.List[i+1:] {
		switch {
		case c.assignsWhole(stmt, v):
			return true
		case c.refersTo(stmt, v):
			return false
		}
	}
	return false
}

// assignsWhole reports whether stmt gives v a new value before any
// other reference to v: v = x (x not referring to v), or an if/else
// chain with a final else whose every branch does so first.
func (c *checker) assignsWhole(stmt ast.Stmt, v types.Object) bool {
	switch s := stmt.(type) {
	case *ast.AssignStmt:
		id, ok := s.Lhs[0].(*ast.Ident)
		return ok && len(s.Lhs) == 1 && len(s.Rhs) == 1 && s.Tok == token.ASSIGN &&
			c.pass.TypesInfo.Uses[id] == v && !c.refersTo(s.Rhs[0], v)
	case *ast.IfStmt:
		if s.Init != nil && c.refersTo(s.Init, v) || c.refersTo(s.Cond, v) || s.Else == nil {
			return false
		}
		return c.blockAssignsWhole(s.Body, v) && (c.assignsWhole(s.Else, v) || c.blockAssignsWhole(s.Else, v))
	}
	return false
}

func (c *checker) blockAssignsWhole(n ast.Node, v types.Object) bool {
	block, ok := n.(*ast.BlockStmt)
	if !ok {
		return false
	}
	for _, stmt := range block.List {
		switch {
		case c.assignsWhole(stmt, v):
			return true
		case c.refersTo(stmt, v):
			return false
		}
	}
	return false
}

// refersTo reports whether n mentions v.
func (c *checker) refersTo(n ast.Node, v types.Object) bool {
	found := false
	ast.Inspect(n, func(m ast.Node) bool {
		if id, ok := m.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}
