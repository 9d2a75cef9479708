package fixer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"
	"golang.org/x/tools/go/types/typeutil"
)

// dialCall: net.Dial(n, a) becomes (&net.Dialer{...}).Dial(n, a);
// net.DialTimeout(n, a, t) keeps its timeout in the Dialer.
func (f *fixCtx) dialCall() error {
	orig, err := f.siteCall()
	if err != nil {
		return err
	}
	call, err := f.callTwin()
	if err != nil {
		return err
	}
	var extra []dst.Expr
	if callee := typeutil.Callee(f.site.Info, orig); callee != nil && callee.Name() == "DialTimeout" {
		if len(call.Args) != 3 {
			return fmt.Errorf("DialTimeout with %d arguments", len(call.Args))
		}
		extra = append(extra, keyValue("Timeout", call.Args[2]))
		call.Args = call.Args[:2]
	}
	call.Fun = &dst.SelectorExpr{X: &dst.ParenExpr{X: f.configLiteral("Dialer", extra...)}, Sel: dst.NewIdent("Dial")}
	return nil
}

// tlsDialCall: tls.Dial(n, a, cfg) becomes
// tls.DialWithDialer(&net.Dialer{...}, n, a, cfg).
func (f *fixCtx) tlsDialCall() error {
	call, err := f.callTwin()
	if err != nil {
		return err
	}
	switch fun := call.Fun.(type) {
	case *dst.SelectorExpr:
		fun.Sel = dst.NewIdent("DialWithDialer")
	case *dst.Ident:
		fun.Name = "DialWithDialer"
	default:
		return fmt.Errorf("unexpected tls.Dial callee")
	}
	call.Args = append([]dst.Expr{f.configLiteral("Dialer")}, call.Args...)
	return nil
}

// listenCall: net.Listen(n, a) becomes
// (&net.ListenConfig{...}).Listen(ctx, n, a), with the context in
// scope or context.Background().
func (f *fixCtx) listenCall() error {
	call, err := f.callTwin()
	if err != nil {
		return err
	}
	ctx := f.contextAt(f.site.Node.Pos())
	call.Fun = &dst.SelectorExpr{X: &dst.ParenExpr{X: f.configLiteral("ListenConfig")}, Sel: dst.NewIdent("Listen")}
	call.Args = append([]dst.Expr{ctx}, call.Args...)
	return nil
}

// tlsListenCall: ln, err := tls.Listen(n, a, cfg) becomes a
// configured ListenConfig's Listen, and after its error check
// ln = tls.NewListener(ln, cfg).
func (f *fixCtx) tlsListenCall() error {
	orig, err := f.siteCall()
	if err != nil {
		return err
	}
	chk, err := f.errCheckAfter(orig)
	if err != nil {
		return err
	}
	if chk.result == nil {
		return fmt.Errorf("the listener is not assigned to a variable")
	}
	call, err := f.callTwin()
	if err != nil {
		return err
	}
	if len(call.Args) != 3 {
		return fmt.Errorf("tls.Listen with %d arguments", len(call.Args))
	}
	tlsConfig := call.Args[2]
	tlsConfig.Decorations().Before, tlsConfig.Decorations().After = dst.None, dst.None
	ctx := f.contextAt(orig.Pos())
	call.Fun = &dst.SelectorExpr{X: &dst.ParenExpr{X: f.configLiteral("ListenConfig")}, Sel: dst.NewIdent("Listen")}
	call.Args = []dst.Expr{ctx, call.Args[0], call.Args[1]}

	wrap := &dst.AssignStmt{
		Lhs: []dst.Expr{dst.NewIdent(chk.result.Name)},
		Tok: token.ASSIGN,
		Rhs: []dst.Expr{&dst.CallExpr{
			Fun:  f.qualified("crypto/tls", "NewListener"),
			Args: []dst.Expr{dst.NewIdent(chk.result.Name), tlsConfig},
		}},
	}
	return f.insertAfter(chk, []dst.Stmt{wrap})
}

// configLit: a net.Dialer or net.ListenConfig literal gains the
// keepalive field; a negative KeepAlive or a disabled KeepAliveConfig
// is replaced by it. Behind a gate, KeepAlive stays as written, so
// that with the gate off (KeepAliveConfig.Enable false) it decides as
// before; before go1.23, where KeepAlive is the only field, it falls
// back to its old value.
func (f *fixCtx) configLit() error {
	orig, lit, err := f.siteLit()
	if err != nil {
		return err
	}
	gated := f.gate().kind != gateNone
	var prev dst.Expr
	for _, e := range lit.Elts {
		if kv, ok := e.(*dst.KeyValueExpr); ok && gated && !f.newAPI() && isIdent(kv.Key, "KeepAlive") {
			prev = dst.Clone(kv.Value).(dst.Expr)
			stripComments(prev)
		}
	}
	field := f.keepAliveField(prev)
	var elts []dst.Expr
	replaced := false
	for _, e := range lit.Elts {
		kv, ok := e.(*dst.KeyValueExpr)
		if !ok {
			return fmt.Errorf("the literal has unkeyed fields")
		}
		id, ok := kv.Key.(*dst.Ident)
		if !ok {
			// Only code that does not type-check keys a struct literal
			// with anything but a field name: net.Dialer{!x: 0}.
			return fmt.Errorf("the literal has a field key that is not a name")
		}
		key := id.Name
		if gated && f.newAPI() && key == "KeepAlive" {
			elts = append(elts, e) // it decides when the gate is off
			continue
		}
		switch key {
		case "KeepAliveConfig", "KeepAlive":
			if replaced {
				continue // one keepalive field is enough
			}
			kv.Key = field.Key
			kv.Value = field.Value
			replaced = true
		}
		elts = append(elts, e)
	}
	if !replaced {
		elts = append(elts, field)
	}
	lit.Elts = elts
	switch {
	case gated && !f.newAPI() && !f.multiline(orig):
		// The gated KeepAlive is a function literal: one element a line.
		onePerLine(lit)
	case replaced || !f.multiline(orig) && f.shortKeepAliveField():
		// The field takes the place of another, or is short enough to
		// join the others on their line.
	case !f.multiline(orig):
		// One long line would hide the new field: one element a line.
		onePerLine(lit)
	default:
		field.Decorations().Before = dst.NewLine
		field.Decorations().After = dst.NewLine
	}
	return nil
}

// tlsDialerLit: a tls.Dialer literal gains a configured NetDialer.
func (f *fixCtx) tlsDialerLit() error {
	_, lit, err := f.siteLit()
	if err != nil {
		return err
	}
	for _, e := range lit.Elts {
		// tls.Dialer{nil, cfg}: a keyed NetDialer cannot join them.
		if _, ok := e.(*dst.KeyValueExpr); !ok {
			return fmt.Errorf("the literal has unkeyed fields")
		}
	}
	lit.Elts = append(lit.Elts, keyValue("NetDialer", f.configLiteral("Dialer")))
	onePerLine(lit)
	return nil
}

// configVar: var d net.Dialer becomes var d = net.Dialer{...}.
func (f *fixCtx) configVar() error {
	orig, ok := f.site.Node.(*ast.ValueSpec)
	if !ok {
		return fmt.Errorf("the declaration is not a value spec")
	}
	if len(orig.Names) != 1 {
		return fmt.Errorf("the declaration declares %d variables", len(orig.Names))
	}
	n, err := f.ed.twin(orig)
	if err != nil {
		return err
	}
	spec, ok := n.(*dst.ValueSpec)
	if !ok {
		return fmt.Errorf("the declaration is not a value spec")
	}
	lit := f.configLiteral(f.site.Field).(*dst.UnaryExpr).X
	spec.Type = nil
	spec.Values = []dst.Expr{lit}
	return nil
}

// configNew: new(net.Dialer) becomes &net.Dialer{...}.
func (f *fixCtx) configNew() error {
	call, err := f.callTwin()
	if err != nil {
		return err
	}
	return f.replace(call, f.configLiteral(f.site.Field))
}

// disableCall: SetKeepAlive(false) and SetKeepAliveConfig with Enable
// false become a call that enables keepalive with the policy.
func (f *fixCtx) disableCall() error {
	call, err := f.callTwin()
	if err != nil {
		return err
	}
	sel, ok := call.Fun.(*dst.SelectorExpr)
	if !ok {
		return fmt.Errorf("unexpected method call")
	}
	if !f.newAPI() {
		if sel.Sel.Name != "SetKeepAlive" {
			return fmt.Errorf("SetKeepAliveConfig in a file older than %s", configAPIVersion)
		}
		call.Args = []dst.Expr{f.gatedSetKeepAlive()}
		return nil
	}
	// With the gate off, Enable false turns keepalive off as before.
	sel.Sel = dst.NewIdent("SetKeepAliveConfig")
	call.Args = []dst.Expr{f.gatedKeepAliveConfig()}
	return nil
}

// connCreated configures each connection right after its creating
// call's own error check: net.DialTCP, or the Accept calls of a
// net.ListenTCP listener.
func (f *fixCtx) connCreated() error {
	if len(f.site.Conns) == 0 {
		return fmt.Errorf("its connections are accepted in another function; configure them there, or listen with a net.ListenConfig")
	}
	for _, conn := range f.site.Conns {
		if err := f.configureConn(conn); err != nil {
			return err
		}
	}
	return nil
}

// configureConn inserts, after conn's error check:
//
//	if err := c.SetKeepAliveConfig(net.KeepAliveConfig{...}); err != nil {
//		c.Close()
//		<what the check does>
//	}
//
// or, before go1.23, SetKeepAlive and SetKeepAlivePeriod. A net.Conn
// is asserted to *net.TCPConn first.
func (f *fixCtx) configureConn(conn Conn) error {
	chk, err := f.errCheckAfter(conn.Call)
	if err != nil {
		return err
	}
	if chk.result == nil {
		return fmt.Errorf("the connection is not assigned to a variable")
	}
	connName := chk.result.Name
	target := dst.Expr(dst.NewIdent(connName))
	tcpName := ""
	if !isTCPConn(f.site.Info.TypeOf(chk.result)) {
		tcpName = f.freeName("tc", conn.Call.Pos())
		target = dst.NewIdent(tcpName)
	}
	calls := []dst.Expr{}
	method := func(name string, args ...dst.Expr) dst.Expr {
		return &dst.CallExpr{Fun: &dst.SelectorExpr{X: dst.Clone(target).(dst.Expr), Sel: dst.NewIdent(name)}, Args: args}
	}
	if f.newAPI() {
		calls = append(calls, method("SetKeepAliveConfig", f.keepAliveConfig()))
	} else {
		calls = append(calls, method("SetKeepAlive", dst.NewIdent("true")),
			method("SetKeepAlivePeriod", f.idleDuration()))
	}
	closeConn := &dst.ExprStmt{X: &dst.CallExpr{Fun: &dst.SelectorExpr{X: dst.NewIdent(connName), Sel: dst.NewIdent("Close")}}}
	var stmts []dst.Stmt
	for _, call := range calls {
		stmts = append(stmts, chk.handle(call, "set TCP keepalive", closeConn))
	}
	if tcpName != "" {
		stmts = []dst.Stmt{&dst.IfStmt{
			Init: &dst.AssignStmt{
				Lhs: []dst.Expr{dst.NewIdent(tcpName), dst.NewIdent("ok")},
				Tok: token.DEFINE,
				Rhs: []dst.Expr{&dst.TypeAssertExpr{X: dst.NewIdent(connName), Type: &dst.StarExpr{X: f.qualified("net", "TCPConn")}}},
			},
			Cond: dst.NewIdent("ok"),
			Body: &dst.BlockStmt{List: stmts},
		}}
	}
	return f.insertAfter(chk, f.guard(stmts))
}

// isTCPConn reports whether t is *net.TCPConn.
func isTCPConn(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net" && n.Obj().Name() == "TCPConn"
}
