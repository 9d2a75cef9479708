package fixer

import (
	"fmt"
	"go/ast"
	"go/token"

	"github.com/dave/dst"
	"golang.org/x/tools/go/ast/astutil"
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
	dialer, err := f.configLiteral("Dialer", extra...)
	if err != nil {
		return err
	}
	call.Fun = &dst.SelectorExpr{X: &dst.ParenExpr{X: dialer}, Sel: dst.NewIdent("Dial")}
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
	dialer, err := f.configLiteral("Dialer")
	if err != nil {
		return err
	}
	call.Args = append([]dst.Expr{dialer}, call.Args...)
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
	lc, err := f.configLiteral("ListenConfig")
	if err != nil {
		return err
	}
	call.Fun = &dst.SelectorExpr{X: &dst.ParenExpr{X: lc}, Sel: dst.NewIdent("Listen")}
	call.Args = append([]dst.Expr{ctx}, call.Args...)
	return nil
}

// tlsListenCall: ln, err := tls.Listen(n, a, cfg) becomes a
// configured ListenConfig's Listen, and after its error check
// ln = tls.NewListener(ln, cfg); before it, tls.Listen's refusal of a
// config without a certificate (certificateCheck, tlslisten.go).
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
		return fmt.Errorf("assign the listener to a variable and check its error")
	}
	if chk.shared {
		// The TLS wrapping would run after the shared check, for the
		// listeners of the other branches too, and out of the scope
		// of a configuration declared in the branch.
		return fmt.Errorf("check tls.Listen's error in a branch of its own")
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
	refuse, at, err := f.certificateCheck(orig, chk, tlsConfig)
	if err != nil {
		return err
	}
	ctx := f.contextAt(orig.Pos())
	lc, err := f.configLiteral("ListenConfig")
	if err != nil {
		return err
	}
	call.Fun = &dst.SelectorExpr{X: &dst.ParenExpr{X: lc}, Sel: dst.NewIdent("Listen")}
	call.Args = []dst.Expr{ctx, call.Args[0], call.Args[1]}

	wrap := &dst.AssignStmt{
		Lhs: []dst.Expr{dst.NewIdent(chk.result.Name)},
		Tok: token.ASSIGN,
		Rhs: []dst.Expr{&dst.CallExpr{
			Fun:  f.qualified("crypto/tls", "NewListener"),
			Args: []dst.Expr{dst.NewIdent(chk.result.Name), tlsConfig},
		}},
	}
	if err := f.insertAfter(chk, []dst.Stmt{wrap}); err != nil {
		return err
	}
	if len(refuse) > 0 {
		// Before the call's statement: its comments stay with it.
		list := *chk.list
		*chk.list = append(append(append([]dst.Stmt{}, list[:at]...), refuse...), list[at:]...)
	}
	return nil
}

// configLit: a net.Dialer or net.ListenConfig literal gains the
// keepalive fields; a negative KeepAlive or a disabled KeepAliveConfig
// is replaced by them. Behind a gate, KeepAlive stays as written, so
// that with the gate off (KeepAliveConfig.Enable false) it decides as
// before; before go1.23, where KeepAlive is the only field, it falls
// back to its old value. An existing Control or ControlContext is
// kept and chained: it runs first, then the option setter.
func (f *fixCtx) configLit() error {
	orig, lit, err := f.siteLit()
	if err != nil {
		return err
	}
	gated := f.gate().kind != gateNone
	keys := make([]string, len(lit.Elts))
	hasControlContext := false
	var prev dst.Expr
	for i, e := range lit.Elts {
		kv, ok := e.(*dst.KeyValueExpr)
		if !ok {
			return fmt.Errorf("key the literal's fields (Field: value)")
		}
		key, ok := kv.Key.(*dst.Ident)
		if !ok {
			// Only code that does not type-check keys a struct literal
			// with anything but a field name: net.Dialer{!x: 0}.
			return fmt.Errorf("the literal has a field key that is not a name")
		}
		keys[i] = key.Name
		switch key.Name {
		case "ControlContext":
			hasControlContext = !isIdent(kv.Value, "nil")
		case "KeepAlive":
			if gated && !f.newAPI() {
				prev = dst.Clone(kv.Value).(dst.Expr)
				stripComments(prev)
			}
		}
	}
	field := f.keepAliveField(prev)
	var control dst.Expr // the option setter's Control, until it has a place
	if f.needsControl() {
		if control, err = f.controlValue(); err != nil {
			return err
		}
	}
	var elts []dst.Expr
	replaced := false
	for i, e := range lit.Elts {
		kv := e.(*dst.KeyValueExpr)
		switch key := keys[i]; {
		case gated && f.newAPI() && key == "KeepAlive":
			// It decides when the gate is off.
		case key == "KeepAliveConfig" || key == "KeepAlive":
			if replaced {
				continue // one keepalive field is enough
			}
			kv.Key = field.Key
			kv.Value = field.Value
			replaced = true
		case control != nil && isIdent(kv.Value, "nil") && (key == "Control" || key == "ControlContext"):
			// Control: nil is no function to chain: the setter takes
			// its place (a nil ControlContext leaves Control to Go).
			if key == "Control" {
				kv.Value = control
				control = nil
			}
		case control != nil && (key == "ControlContext" || key == "Control" && !hasControlContext):
			// Go calls ControlContext when it is set, else Control.
			kv.Value = f.chainControl(kv.Value, control, key == "ControlContext")
			control = nil
		}
		elts = append(elts, e)
	}
	added := []dst.Expr{}
	if !replaced {
		added = append(added, field)
	}
	if control != nil {
		added = append(added, keyValue("Control", control))
	}
	lit.Elts = append(elts, added...)
	switch {
	case gated && !f.newAPI() && !f.multiline(orig):
		// The gated KeepAlive is a function literal: one element a line.
		onePerLine(lit)
	case len(added) == 0 || len(added) == 1 && replaced:
		// The fields take the place of others.
	case len(added) == 1 && !f.multiline(orig) && f.shortKeepAliveField():
		// Short enough to join the others on their line.
	case !f.multiline(orig):
		// One long line would hide the new fields: one element a line.
		onePerLine(lit)
	default:
		for _, e := range added {
			e.Decorations().Before = dst.NewLine
			e.Decorations().After = dst.NewLine
		}
	}
	return nil
}

// chainControl is a Control (or ControlContext) function that calls
// old, then the option setter's control:
//
//	func(network, address string, c syscall.RawConn) error {
//		if err := old(network, address, c); err != nil {
//			return err
//		}
//		return tcpOptions{...}.control(network, address, c)
//	}
func (f *fixCtx) chainControl(old, control dst.Expr, withContext bool) dst.Expr {
	pos := f.site.Node.Pos()
	network, address, conn := f.freeName("network", pos), f.freeName("address", pos), f.freeName("c", pos)
	args := func() []dst.Expr {
		return []dst.Expr{dst.NewIdent(network), dst.NewIdent(address), dst.NewIdent(conn)}
	}
	params := []*dst.Field{
		{Names: []*dst.Ident{dst.NewIdent(network), dst.NewIdent(address)}, Type: dst.NewIdent("string")},
		{Names: []*dst.Ident{dst.NewIdent(conn)}, Type: f.qualified("syscall", "RawConn")},
	}
	oldArgs := args()
	if withContext {
		ctx := f.freeName("ctx", pos)
		params = append([]*dst.Field{{Names: []*dst.Ident{dst.NewIdent(ctx)}, Type: f.qualified("context", "Context")}}, params...)
		oldArgs = append([]dst.Expr{dst.NewIdent(ctx)}, oldArgs...)
	}
	old.Decorations().Before, old.Decorations().After = dst.None, dst.None
	check := &dst.IfStmt{
		Init: &dst.AssignStmt{Lhs: []dst.Expr{dst.NewIdent("err")}, Tok: token.DEFINE, Rhs: []dst.Expr{&dst.CallExpr{Fun: old, Args: oldArgs}}},
		Cond: &dst.BinaryExpr{X: dst.NewIdent("err"), Op: token.NEQ, Y: dst.NewIdent("nil")},
		Body: &dst.BlockStmt{List: []dst.Stmt{&dst.ReturnStmt{Results: []dst.Expr{dst.NewIdent("err")}}}},
	}
	ret := &dst.ReturnStmt{Results: []dst.Expr{&dst.CallExpr{Fun: control, Args: args()}}}
	check.Decs.Before, check.Decs.After = dst.NewLine, dst.NewLine
	ret.Decs.Before, ret.Decs.After = dst.NewLine, dst.NewLine
	return &dst.FuncLit{
		Type: &dst.FuncType{
			Params:  &dst.FieldList{List: params},
			Results: &dst.FieldList{List: []*dst.Field{{Type: dst.NewIdent("error")}}},
		},
		Body: &dst.BlockStmt{List: []dst.Stmt{check, ret}},
	}
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
			return fmt.Errorf("key the literal's fields (Field: value)")
		}
	}
	dialer, err := f.configLiteral("Dialer")
	if err != nil {
		return err
	}
	lit.Elts = append(lit.Elts, keyValue("NetDialer", dialer))
	onePerLine(lit)
	return nil
}

// configVar: var d net.Dialer becomes d := net.Dialer{...} inside a
// function (the form a reviewer expects there), and var d =
// net.Dialer{...} at package level or in a group of declarations.
func (f *fixCtx) configVar() error {
	orig, ok := f.site.Node.(*ast.ValueSpec)
	if !ok {
		return fmt.Errorf("the declaration is not a value spec")
	}
	if len(orig.Names) != 1 {
		return fmt.Errorf("declare each of its %d variables on its own", len(orig.Names))
	}
	lit, err := f.declaredLiteral(orig.Type)
	if err != nil {
		return err
	}
	if stmt := f.singleDeclStmt(orig); stmt != nil {
		n, err := f.ed.twin(stmt)
		if err != nil {
			return err
		}
		define := &dst.AssignStmt{Lhs: []dst.Expr{dst.NewIdent(orig.Names[0].Name)}, Tok: token.DEFINE, Rhs: []dst.Expr{lit}}
		define.Decs.NodeDecs = *n.Decorations()
		// A comment at the end of the line goes with it.
		if specTwin, err := f.ed.twin(orig); err == nil {
			define.Decs.End = append(define.Decs.End, specTwin.Decorations().End...)
		}
		if gd, ok := n.(*dst.DeclStmt); ok {
			if g, ok := gd.Decl.(*dst.GenDecl); ok {
				define.Decs.End = append(define.Decs.End, g.Decs.End...)
			}
		}
		return f.replace(n, define)
	}
	n, err := f.ed.twin(orig)
	if err != nil {
		return err
	}
	spec, ok := n.(*dst.ValueSpec)
	if !ok {
		return fmt.Errorf("the declaration is not a value spec")
	}
	spec.Type = nil
	spec.Values = []dst.Expr{lit}
	return nil
}

// singleDeclStmt is the statement var x T that declares spec alone,
// inside a function, with no comment inside it; nil otherwise.
func (f *fixCtx) singleDeclStmt(spec *ast.ValueSpec) *ast.DeclStmt {
	path, _ := astutil.PathEnclosingInterval(f.site.File, spec.Pos(), spec.End())
	if len(path) < 3 {
		return nil
	}
	gd, ok := path[1].(*ast.GenDecl)
	if !ok || len(gd.Specs) != 1 || gd.Lparen.IsValid() || spec.Doc != nil {
		return nil
	}
	stmt, _ := path[2].(*ast.DeclStmt)
	return stmt
}

// configNew: new(net.Dialer) becomes &net.Dialer{...}, and
// new(pgDialer) of a struct type that holds one &pgDialer{d: ...}.
func (f *fixCtx) configNew() error {
	orig, err := f.siteCall()
	if err != nil {
		return err
	}
	if len(orig.Args) != 1 {
		return fmt.Errorf("new with %d arguments", len(orig.Args))
	}
	call, err := f.callTwin()
	if err != nil {
		return err
	}
	lit, err := f.declaredLiteral(orig.Args[0])
	if err != nil {
		return err
	}
	return f.replace(call, &dst.UnaryExpr{Op: token.AND, X: lit})
}

// disableCall: SetKeepAlive(false) and SetKeepAliveConfig with Enable
// false become SetKeepAliveConfig with the policy (setOptions), which
// returns an error as they do; before go1.23, SetKeepAlive(true). Behind a gate
// the call is kept for when the gate is off, so that keepalive then
// stays off as before.
func (f *fixCtx) disableCall() error {
	call, err := f.callTwin()
	if err != nil {
		return err
	}
	sel, ok := call.Fun.(*dst.SelectorExpr)
	if !ok {
		return fmt.Errorf("unexpected method call")
	}
	recv := dst.Clone(sel.X).(dst.Expr)
	recv.Decorations().Before, recv.Decorations().After = dst.None, dst.None
	stripComments(recv)
	var set dst.Expr
	if f.newAPI() || f.needsSetter() {
		if set, err = f.setOptions(recv); err != nil {
			return err
		}
	} else {
		// Before go1.23, SetKeepAlivePeriod would leave keepalive off:
		// the call turns it back on, with the timers it had.
		set = &dst.CallExpr{Fun: &dst.SelectorExpr{X: recv, Sel: dst.NewIdent("SetKeepAlive")}, Args: []dst.Expr{dst.NewIdent("true")}}
		f.sets.on = true
	}
	cond := f.on()
	if cond == nil {
		return f.replace(call, set)
	}
	// Behind a gate: on, the setter; off, the call as it was.
	//
	//	func() error {
	//		if <on> {
	//			return (tcpOptions{...}).set(c)
	//		}
	//		return c.SetKeepAlive(false)
	//	}()
	orig := dst.Clone(call).(*dst.CallExpr)
	orig.Decs = dst.CallExprDecorations{}
	ifOn := &dst.IfStmt{Cond: cond, Body: &dst.BlockStmt{List: []dst.Stmt{returnLine(set)}}}
	ifOn.Decs.Before, ifOn.Decs.After = dst.NewLine, dst.NewLine
	fn := &dst.CallExpr{Fun: &dst.FuncLit{
		Type: &dst.FuncType{Results: &dst.FieldList{List: []*dst.Field{{Type: dst.NewIdent("error")}}}},
		Body: &dst.BlockStmt{List: []dst.Stmt{ifOn, returnLine(orig)}},
	}}
	fn.Decs.NodeDecs = call.Decs.NodeDecs
	return f.replace(call, fn)
}
