package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"
)

// This file decides from its uses whether a net.Dialer or
// net.ListenConfig is a site: which networks it dials or listens on,
// and whether its addresses are all on this host.

// configNetworks looks at how a Dialer or ListenConfig created at cur
// (and held by owner, if any) is used. It is a TCP site unless every
// use dials or listens on a constant network that is not TCP, or only
// makes inert connections (probes: see inert.go); maybe says that the
// only networks seen are not constants. With probes, inert uses count
// like any other: a Dialer that turns keepalive off stays a site even
// when it only probes (the message then says the disable looks
// deliberate).
func (c *checker) configNetworks(cur inspector.Cursor, owner types.Object, probes bool) (tcp, maybe bool) {
	var seen netUse
	if field, ok := owner.(*types.Var); ok && field.IsField() && field.Pkg() == c.pass.Pkg {
		// A field of this package is dialed wherever the package
		// likes (see holder.go).
		seen = c.fieldUses(field).seen
		if probes {
			seen = c.fieldUses(field).all
		}
	} else if owner != nil {
		c.usesOf(scopeOf(cur), owner, func(use inspector.Cursor) bool {
			seen = seen.add(c.networkUse(use).counted(probes))
			return false
		})
	} else {
		seen = seen.add(c.networkUse(climbAddr(cur)).counted(probes))
	}
	if seen.loopback && !seen.remote && !seen.other && !c.cfg.Loopback {
		return false, false // only ever dials or listens on loopback
	}
	switch {
	case seen.tcp || seen.other:
		return true, false
	case seen.maybe:
		return true, true
	case seen.nonTCP, seen.inert:
		return false, false // no TCP connection, or none that carries data
	}
	return true, false // nothing says which network: assume the usual one
}

// netUse is what the uses of a Dialer or ListenConfig say about its
// networks, and about the addresses of its TCP uses: loopback (on this
// host: see localAddress) or remote (any other); inert says a use
// creates a connection or listener that no data goes through (see
// inert.go).
type netUse struct{ tcp, maybe, nonTCP, other, loopback, remote, inert bool }

func (u netUse) add(v netUse) netUse {
	return netUse{u.tcp || v.tcp, u.maybe || v.maybe, u.nonTCP || v.nonTCP, u.other || v.other,
		u.loopback || v.loopback, u.remote || v.remote, u.inert || v.inert}
}

// counted is u as configNetworks counts it: an inert use says nothing
// about the networks data goes over, unless probes count.
func (u netUse) counted(probes bool) netUse {
	if u.inert && !probes {
		return netUse{inert: true}
	}
	return u
}

// configMethods are the methods of net.Dialer and net.ListenConfig by
// the indexes of their network and address arguments, and what they do
// with the address, or that they never use TCP.
var configMethods = map[string]struct {
	network, addr int
	role          addrRole
	nonTCP        bool
}{
	"Dial":         {network: 0, addr: 1, role: dialing},
	"DialContext":  {network: 1, addr: 2, role: dialing},
	"DialTCP":      {network: 1, addr: 3, role: dialing}, // Go 1.26: (ctx, network, laddr, raddr netip.AddrPort)
	"Listen":       {network: 1, addr: 2, role: listening},
	"ListenPacket": {nonTCP: true},
	"DialUDP":      {nonTCP: true},
	"DialIP":       {nonTCP: true},
	"DialUnix":     {nonTCP: true},
}

// networkUse classifies one use e of a Dialer or ListenConfig.
func (c *checker) networkUse(e inspector.Cursor) netUse {
	e = climbAddr(e)
	sel, ok := e.Parent().Node().(*ast.SelectorExpr)
	if !ok || sel.X != e.Node() {
		switch p := e.Parent().Node().(type) {
		case *ast.AssignStmt, *ast.ValueSpec:
			return netUse{} // the definition itself
		case *ast.KeyValueExpr:
			if p.Key == e.Node() {
				return netUse{} // a field keyed in a literal: a definition too
			}
		}
		return netUse{other: true}
	}
	call, ok := e.Parent().Parent().Node().(*ast.CallExpr)
	if !ok || call.Fun != sel {
		if _, isField := c.pass.TypesInfo.Uses[sel.Sel].(*types.Var); isField {
			return netUse{} // d.Timeout = ...
		}
		return netUse{other: true} // a method value: d.DialContext
	}
	m, ok := configMethods[sel.Sel.Name]
	switch {
	case !ok:
		return netUse{other: true}
	case m.nonTCP:
		return netUse{nonTCP: true}
	case len(call.Args) <= m.addr:
		return netUse{other: true}
	}
	scope := scopeOf(e)
	tcp, maybe := c.tcpNetwork(scope, call.Args[m.network])
	u := netUse{inert: c.inertResult(e.Parent().Parent(), m.role)}
	switch {
	case maybe:
		u.maybe = true
	case tcp:
		u.tcp = true
	default:
		return netUse{nonTCP: true}
	}
	if c.localAddress(scope, call.Args[m.addr], m.role) {
		u.loopback = true
	} else {
		u.remote = true
	}
	return u
}

// controlAssigned is where code in the function of cur assigns the
// Control or ControlContext of owner, a Dialer or ListenConfig (d.Control
// = f), if it does: one that sets keepalive covers the site (enabledOn);
// any other replaces the Control that a fix writes.
func (c *checker) controlAssigned(cur inspector.Cursor, owner types.Object) token.Pos {
	if owner == nil {
		return token.NoPos
	}
	at := token.NoPos
	c.usesOf(scopeOf(cur), owner, func(use inspector.Cursor) bool {
		sel, ok := use.Parent().Node().(*ast.SelectorExpr)
		if !ok || sel.X != use.Node() || sel.Sel.Name != "Control" && sel.Sel.Name != "ControlContext" {
			return false
		}
		assign, ok := use.Parent().Parent().Node().(*ast.AssignStmt)
		if ok && slices.Contains(assign.Lhs, ast.Expr(sel)) {
			at = assign.Pos()
			return true
		}
		return false
	})
	return at
}
