package fixer

import (
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
	return intLit(int64(f.site.Policy.Count))
}

// idleDuration is the idle time as a time.Duration expression.
func (f *fixCtx) idleDuration() dst.Expr {
	if f.gate().kind == gateEnv {
		return f.envField("Idle")
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

// keepAliveField is the element that a Dialer or ListenConfig
// literal gains: KeepAliveConfig, or KeepAlive in files older than
// go1.23, which can set only the idle time. prev is the literal's
// KeepAlive value before the fix (nil if it had none): with the gate
// off, a KeepAlive field falls back to it.
func (f *fixCtx) keepAliveField(prev dst.Expr) *dst.KeyValueExpr {
	if f.newAPI() {
		return keyValue("KeepAliveConfig", f.gatedKeepAliveConfig())
	}
	cond := f.on()
	if cond == nil {
		return keyValue("KeepAlive", f.duration(f.site.Policy.Idle))
	}
	// func() time.Duration { if on { return idle }; return prev }()
	if prev == nil {
		prev = intLit(0)
	}
	ret := func(e dst.Expr) *dst.ReturnStmt {
		r := &dst.ReturnStmt{Results: []dst.Expr{e}}
		r.Decs.Before, r.Decs.After = dst.NewLine, dst.NewLine
		return r
	}
	ifOn := &dst.IfStmt{Cond: cond, Body: &dst.BlockStmt{List: []dst.Stmt{ret(f.idleDuration())}}}
	ifOn.Decs.Before, ifOn.Decs.After = dst.NewLine, dst.NewLine
	fn := &dst.FuncLit{
		Type: &dst.FuncType{Results: &dst.FieldList{List: []*dst.Field{{Type: f.qualified("time", "Duration")}}}},
		Body: &dst.BlockStmt{List: []dst.Stmt{ifOn, ret(prev)}},
	}
	return keyValue("KeepAlive", &dst.CallExpr{Fun: fn})
}

// shortKeepAliveField reports whether keepAliveField is short enough
// to share a line with other fields: KeepAliveConfig: keepAliveEnv().
func (f *fixCtx) shortKeepAliveField() bool {
	return f.newAPI() && f.gate().kind == gateEnv
}

// gatedSetKeepAlive is the argument of SetKeepAlive in files older
// than go1.23: true, or the gate's switch.
func (f *fixCtx) gatedSetKeepAlive() dst.Expr {
	if cond := f.on(); cond != nil {
		return cond
	}
	return dst.NewIdent("true")
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
