package fixer

import (
	"fmt"
	"go/token"
	"time"

	"github.com/dave/dst"
)

// The values and switches that inserted code uses. Under -gate=none
// they are constants of the policy; the gates (gate.go) replace them
// with reads of a generated flag or variable, or of libkeepalive's
// environment variables:
//
//	gate   switch           values
//	none   (none)           30 * time.Second, 10 * time.Second, 5
//	flag   *tcpKeepAlive    the constants
//	var    TCPKeepAlive     the constants
//	env    keepAliveEnv().Enable  keepAliveEnv().Idle, .Interval, .Count
//
// With the switch off, every fix leaves the program as it was: a
// Dialer or ListenConfig gets KeepAliveConfig.Enable false, which Go
// treats as if the field were absent (its KeepAlive, kept as written,
// decides), and statements inserted after a call run only when the
// switch is on.

// on is the gate's switch as a bool expression, or nil without a gate.
func (f *fixCtx) on() dst.Expr {
	g := f.gate()
	switch g.kind {
	case gateFlag:
		return &dst.StarExpr{X: dst.NewIdent(g.name)}
	case gateVar:
		return dst.NewIdent(g.name)
	case gateEnv:
		return &dst.SelectorExpr{X: f.envConfig(), Sel: dst.NewIdent("Enable")}
	}
	return nil
}

// envConfig is the configuration read from the environment:
// keepAliveEnv().
func (f *fixCtx) envConfig() dst.Expr {
	g := f.gate()
	if g.call {
		return &dst.CallExpr{Fun: dst.NewIdent(g.name)}
	}
	return dst.NewIdent(g.name)
}

// envField is keepAliveEnv().name.
func (f *fixCtx) envField(name string) dst.Expr {
	return &dst.SelectorExpr{X: f.envConfig(), Sel: dst.NewIdent(name)}
}

// envSeconds is int(keepAliveEnv().name.Seconds()).
func (f *fixCtx) envSeconds(name string) dst.Expr {
	return &dst.CallExpr{Fun: dst.NewIdent("int"), Args: []dst.Expr{
		&dst.CallExpr{Fun: &dst.SelectorExpr{X: f.envField(name), Sel: dst.NewIdent("Seconds")}},
	}}
}

// idleSeconds is the idle time before the first probe, in seconds, as
// an int expression for setsockopt.
func (f *fixCtx) idleSeconds() dst.Expr {
	if f.gate().kind == gateEnv {
		return f.envSeconds("Idle")
	}
	return intLit(int64(f.site.Policy.Idle.Seconds()))
}

// intervalSeconds is the time between probes, in seconds.
func (f *fixCtx) intervalSeconds() dst.Expr {
	if f.gate().kind == gateEnv {
		return f.envSeconds("Interval")
	}
	return intLit(int64(f.site.Policy.Interval.Seconds()))
}

// probeCount is the number of unanswered probes before the
// connection is dropped.
func (f *fixCtx) probeCount() dst.Expr {
	if f.gate().kind == gateEnv {
		return f.envField("Count")
	}
	if e := f.reusedField("Count"); e != nil {
		return e
	}
	return intLit(int64(f.site.Policy.Count))
}

// intervalDuration is the time between probes as a time.Duration
// expression.
func (f *fixCtx) intervalDuration() dst.Expr {
	if f.gate().kind == gateEnv {
		return f.envField("Interval")
	}
	if e := f.reusedField("Interval"); e != nil {
		return e
	}
	return f.duration(f.site.Policy.Interval)
}

// idleDuration is the idle time as a time.Duration expression.
func (f *fixCtx) idleDuration() dst.Expr {
	if f.gate().kind == gateEnv {
		return f.envField("Idle")
	}
	if e := f.reusedField("Idle"); e != nil {
		return e
	}
	return f.duration(f.site.Policy.Idle)
}

// guard wraps statements that a fix inserts in the gate's condition;
// without a gate they run unconditionally.
func (f *fixCtx) guard(stmts []dst.Stmt) []dst.Stmt {
	cond := f.on()
	if cond == nil || len(stmts) == 0 {
		return stmts
	}
	for _, s := range stmts {
		s.Decorations().Before = dst.NewLine
		s.Decorations().After = dst.NewLine
	}
	return []dst.Stmt{&dst.IfStmt{Cond: cond, Body: &dst.BlockStmt{List: stmts}}}
}

// keepAliveConfig is the policy as a net.KeepAliveConfig that turns
// keepalive on, for code that runs only when the gate is on (inside
// guard): net.KeepAliveConfig{Enable: true, Idle: ..., ...}, or
// keepAliveEnv().
func (f *fixCtx) keepAliveConfig() dst.Expr {
	if f.gate().kind == gateEnv {
		return f.envConfig()
	}
	return f.keepAliveLit(dst.NewIdent("true"))
}

// gatedKeepAliveConfig is the policy as a net.KeepAliveConfig whose
// Enable is the gate's switch, for code that runs either way: a
// disabled KeepAliveConfig leaves a Dialer or ListenConfig as if it
// had none, and SetKeepAliveConfig as off as SetKeepAlive(false).
func (f *fixCtx) gatedKeepAliveConfig() dst.Expr {
	switch f.gate().kind {
	case gateEnv:
		return f.envConfig()
	case gateNone:
		return f.keepAliveLit(dst.NewIdent("true"))
	}
	return f.keepAliveLit(f.on())
}

func (f *fixCtx) keepAliveLit(enable dst.Expr) dst.Expr {
	if f.reuse != nil { // only ungated: enable is true
		return dst.NewIdent(f.reuse.v.Name())
	}
	p := f.site.Policy
	return &dst.CompositeLit{
		Type: f.qualified("net", "KeepAliveConfig"),
		Elts: []dst.Expr{
			keyValue("Enable", enable),
			keyValue("Idle", f.duration(p.Idle)),
			keyValue("Interval", f.duration(p.Interval)),
			keyValue("Count", intLit(int64(p.Count))),
		},
	}
}

// keepAliveFields are the elements that a Dialer or ListenConfig
// literal gains: KeepAliveConfig, and a Control function that sets the
// user timeout. Files older than go1.23 have only KeepAlive, which
// sets the idle time alone (Go then keeps its own interval and count,
// which would make the fix slower than Go's default), so there
// KeepAlive is -1, which leaves the socket to Control, and Control
// sets all of it. prev is the literal's KeepAlive value before the fix
// (nil if it had none): behind a gate that is off, KeepAlive falls
// back to it.
func (f *fixCtx) keepAliveFields(prev dst.Expr) ([]*dst.KeyValueExpr, error) {
	fields := []*dst.KeyValueExpr{f.keepAliveField(prev)}
	if f.needsControl() {
		control, err := f.controlValue()
		if err != nil {
			return nil, err
		}
		fields = append(fields, keyValue("Control", control))
	}
	return fields, nil
}

// keepAliveField is KeepAliveConfig, or before go1.23 KeepAlive: -1
// (see keepAliveFields).
func (f *fixCtx) keepAliveField(prev dst.Expr) *dst.KeyValueExpr {
	if f.newAPI() {
		f.sets.timers = true
		return keyValue("KeepAliveConfig", f.gatedKeepAliveConfig())
	}
	minusOne := &dst.UnaryExpr{Op: token.SUB, X: intLit(1)}
	cond := f.on()
	if cond == nil {
		kv := keyValue("KeepAlive", minusOne)
		kv.Decs.End.Append("// Control sets keepalive: before go1.23, KeepAlive cannot set the interval and probe count")
		return kv
	}
	// func() time.Duration { if on { return -1 }; return prev }()
	if prev == nil {
		prev = intLit(0)
	}
	ifOn := &dst.IfStmt{Cond: cond, Body: &dst.BlockStmt{List: []dst.Stmt{returnLine(minusOne)}}}
	ifOn.Decs.Before, ifOn.Decs.After = dst.NewLine, dst.NewLine
	fn := &dst.FuncLit{
		Type: &dst.FuncType{Results: &dst.FieldList{List: []*dst.Field{{Type: f.qualified("time", "Duration")}}}},
		Body: &dst.BlockStmt{List: []dst.Stmt{ifOn, returnLine(prev)}},
	}
	return keyValue("KeepAlive", &dst.CallExpr{Fun: fn})
}

// needsControl reports whether a Dialer or ListenConfig needs a
// Control function: before go1.23 for everything, else for the user
// timeout, and for the timers of a listening socket whose fd is taken
// raw.
func (f *fixCtx) needsControl() bool {
	return !f.newAPI() || f.site.ListenerFDTaken || f.site.Policy.userTimeout() > 0
}

// controlValue is the Control function of a Dialer or ListenConfig:
// tcpOptions{...}.control. It sets the timers too before go1.23, and
// on a listener whose fd is taken raw: KeepAliveConfig stays for Go's
// own Accept, and the connections accepted raw copy the listening
// socket's options.
func (f *fixCtx) controlValue() (dst.Expr, error) {
	if at := f.site.ControlAssigned; at.IsValid() {
		return nil, fmt.Errorf("the fix needs the Control function, which line %d assigns anew; set the options in that function, or chain them (see the option setter's control method)", f.site.Fset.Position(at).Line)
	}
	opts, err := f.options(!f.newAPI() || f.site.ListenerFDTaken)
	if err != nil {
		return nil, err
	}
	f.sets.listening = f.site.ListenerFDTaken
	return &dst.SelectorExpr{X: opts, Sel: dst.NewIdent("control")}, nil
}

// options is the option setter's literal, tcpOptions{Idle: ...,
// Interval: ..., Count: ..., UserTimeout: ...}: the timers when timers
// is true, and the user timeout when the policy sets one.
func (f *fixCtx) options(timers bool) (*dst.CompositeLit, error) {
	sp, err := f.useSockopt()
	if err != nil {
		return nil, err
	}
	lit := &dst.CompositeLit{Type: dst.NewIdent(sp.typeName)}
	if timers {
		lit.Elts = append(lit.Elts,
			keyValue("Idle", f.idleDuration()),
			keyValue("Interval", f.intervalDuration()),
			keyValue("Count", f.probeCount()))
		f.sets.timers = true
	}
	if ut := f.site.Policy.userTimeout(); ut > 0 {
		lit.Elts = append(lit.Elts, keyValue("UserTimeout", f.duration(ut)))
		f.sets.userTimeout = ut
		f.sets.triedUserTimeout = true
	}
	return lit, nil
}

// setOptions is the call that sets the policy on a connection c,
// (tcpOptions{...}).set(c), whose error the fix handles.
func (f *fixCtx) setOptions(c dst.Expr) (dst.Expr, error) {
	opts, err := f.options(true)
	if err != nil {
		return nil, err
	}
	return &dst.CallExpr{
		Fun:  &dst.SelectorExpr{X: &dst.ParenExpr{X: opts}, Sel: dst.NewIdent("set")},
		Args: []dst.Expr{c},
	}, nil
}

// shortKeepAliveField reports whether keepAliveField is short enough
// to share a line with other fields: KeepAliveConfig: keepAliveEnv().
func (f *fixCtx) shortKeepAliveField() bool {
	return f.newAPI() && f.gate().kind == gateEnv
}

// duration writes d as a time expression: 30 * time.Second.
func (f *fixCtx) duration(d time.Duration) dst.Expr {
	secs := int64(d / time.Second)
	unit := "Second"
	if secs%60 == 0 {
		secs /= 60
		unit = "Minute"
	}
	if secs == 1 {
		return f.qualified("time", unit)
	}
	return &dst.BinaryExpr{X: intLit(secs), Op: token.MUL, Y: f.qualified("time", unit)}
}
