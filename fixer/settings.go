package fixer

import (
	"fmt"
	"go/token"
	"slices"
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
// literal gains: KeepAliveConfig, and a Control function where a flag
// asks for socket options that Go has no field for (needsControl).
// Files older than go1.23 have only KeepAlive: by default they get the
// value oldKeepAlive picks; where the exact policy is asked for there,
// KeepAlive is -1, which leaves the socket to Control, and Control sets
// all of it. prev is the literal's KeepAlive value before the fix (nil
// if it had none): behind a gate that is off, KeepAlive falls back to
// it.
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

// keepAliveField is KeepAliveConfig, or before go1.23 KeepAlive (see
// keepAliveFields).
func (f *fixCtx) keepAliveField(prev dst.Expr) *dst.KeyValueExpr {
	if f.newAPI() {
		f.sets.timers = true
		return keyValue("KeepAliveConfig", f.gatedKeepAliveConfig())
	}
	if !f.exactBeforeConfig() {
		return keyValue("KeepAlive", f.oldKeepAliveDuration())
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

// exactBeforeConfig reports whether a file older than go1.23 gets the
// policy's exact timers through the option setter rather than the
// KeepAlive value of oldKeepAlive: only where the fix needs the setter
// anyway, for a user timeout, a gate, or a listening socket whose fd
// is taken raw. The last one matters most: its Control sets the
// policy's timers on the listening socket, which the connections Go
// accepts inherit too (Linux and the BSDs), unless a KeepAlive of d
// makes Go reset them to d and its own 15s x 9 (2m30s instead of 80s).
func (f *fixCtx) exactBeforeConfig() bool {
	return f.site.Policy.userTimeout() > 0 || f.site.Policy.gated() || f.site.ListenerFDTaken
}

// oldKeepAliveDuration is oldKeepAlive's value as a time expression,
// recorded for the description.
func (f *fixCtx) oldKeepAliveDuration() dst.Expr {
	d, bound := oldKeepAlive(f.site.Policy)
	f.sets.oldKeepAlive, f.sets.oldBound = d, bound
	return f.duration(d)
}

// goProbeInterval and goProbeCount are the probe interval and count
// that a Go 1.23+ toolchain gives a connection whose KeepAlive alone
// is set (net.newTCPConn: KeepAliveConfig{Enable: true, Idle: d}, and
// Go's defaults for the rest).
const (
	goProbeInterval = 15 * time.Second
	goProbeCount    = 9
)

// oldKeepAliveCap is the largest KeepAlive that oldKeepAlive writes:
// Go's own 15s, so that no toolchain notices a dead peer later than it
// would with Go's default (on a Go 1.23+ toolchain 15s + 9 x 15s =
// 2m30s).
const oldKeepAliveCap = 15 * time.Second

// maxSystemProbes is the largest probe count among the systems' own
// defaults, which toolchains before Go 1.23 leave in place (Linux and
// the BSDs 8 or 9, Windows 10).
const maxSystemProbes = 10

// oldKeepAlive is the KeepAlive value d that a file older than go1.23,
// whose only keepalive field it is, gets, and the bound within which a
// dead idle peer is then noticed, on any toolchain the module supports.
//
// KeepAlive sets different things on different toolchains: a Go 1.23+
// toolchain takes it as the idle time alone, with Go's 15s interval
// and 9 probes; an older one as the idle time and the interval, with
// the system's probe count (9 on Linux, 10 on Windows). Either way the
// bound is Policy.Bound's: Linux probes a live idle peer every
// max(idle, interval), so on a Go 1.23+ toolchain any d up to 15s gives
// Go's own 15s + 9 x 15s = 2m30s (the runtime tests measured 136-149s
// with d = 1s), and a larger d only adds to it. d is the policy's
// interval, so that no toolchain probes more often than the policy
// asks, capped at Go's 15s: the default's 10s gives 2m30s on a Go 1.23+
// toolchain and 1m50s at most on older ones, never slower than Go's
// implicit keepalive. The policy's own timers need socket options,
// which -user-timeout brings (exactBeforeConfig).
func oldKeepAlive(p Policy) (d, bound time.Duration) {
	d = min(p.Interval, oldKeepAliveCap)
	newToolchain := Policy{Idle: d, Interval: goProbeInterval, Count: goProbeCount}
	oldToolchain := Policy{Idle: d, Interval: d, Count: maxSystemProbes}
	return d, max(newToolchain.Bound(), oldToolchain.Bound())
}

// needsControl reports whether a Dialer or ListenConfig needs a
// Control function: for the user timeout, for the exact timers before
// go1.23 (exactBeforeConfig), and for the timers of a listening socket
// whose fd is taken raw.
func (f *fixCtx) needsControl() bool {
	return f.site.ListenerFDTaken || f.site.Policy.userTimeout() > 0 || !f.newAPI() && f.exactBeforeConfig()
}

// controlValue is the Control function of a Dialer or ListenConfig:
// tcpOptions{...}.control. It sets the timers too before go1.23, and
// on a listener whose fd is taken raw: KeepAliveConfig stays for Go's
// own Accept, and the connections accepted raw copy the listening
// socket's options.
func (f *fixCtx) controlValue() (dst.Expr, error) {
	if at := f.site.ControlAssigned; at.IsValid() {
		return nil, fmt.Errorf("set the options in the Control that line %d assigns", f.site.Fset.Position(at).Line)
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

// setOptions is the call that sets the policy on a connection c, a
// *net.TCPConn, and returns an error: c.SetKeepAliveConfig(...) from
// go1.23, c.SetKeepAlivePeriod(d) before (Go turned keepalive on when it
// made the connection; d is oldKeepAlive's), and the option setter's
// (tcpOptions{...}).set(c) where a flag asks for options that Go has
// no method for (needsSetter).
func (f *fixCtx) setOptions(c dst.Expr) (dst.Expr, error) {
	method := func(name string, arg dst.Expr) dst.Expr {
		return &dst.CallExpr{Fun: &dst.SelectorExpr{X: c, Sel: dst.NewIdent(name)}, Args: []dst.Expr{arg}}
	}
	switch {
	case f.needsSetter():
	case f.newAPI():
		f.sets.timers = true
		return method("SetKeepAliveConfig", f.keepAliveConfig()), nil
	default:
		return method("SetKeepAlivePeriod", f.oldKeepAliveDuration()), nil
	}
	return f.setterSet(c)
}

// setterSet is the option setter's (tcpOptions{...}).set(c), for a
// connection or for a value that holds a socket and gives it through
// SyscallConn.
func (f *fixCtx) setterSet(c dst.Expr) (dst.Expr, error) {
	opts, err := f.options(true)
	if err != nil {
		return nil, err
	}
	return &dst.CallExpr{
		Fun:  &dst.SelectorExpr{X: &dst.ParenExpr{X: opts}, Sel: dst.NewIdent("set")},
		Args: []dst.Expr{c},
	}, nil
}

// needsSetter reports whether a connection's options need the option
// setter: for the user timeout, or for the exact timers before go1.23.
func (f *fixCtx) needsSetter() bool {
	return f.site.Policy.userTimeout() > 0 || !f.newAPI() && f.exactBeforeConfig()
}

// setterErrorIgnored reports whether the error of a connection's
// SetKeepAliveConfig or SetKeepAlivePeriod is ignored rather than
// handled: where the file builds for OpenBSD, which has no per-socket
// timers, they fail there although keepalive is on, and net.Dialer
// ignores that error too.
func (f *fixCtx) setterErrorIgnored() bool {
	return !f.needsSetter() && slices.ContainsFunc(noTimers, f.buildsFor)
}

// buildsFor reports whether the site's file builds for system goos
// (a file without constraints builds for every system).
func (f *fixCtx) buildsFor(goos string) bool {
	return f.site.GOOS == nil || slices.Contains(f.site.GOOS, goos)
}

// shortKeepAliveField reports whether keepAliveField is short enough
// to share a line with other fields: KeepAliveConfig: keepAliveEnv(),
// or before go1.23 KeepAlive: 10 * time.Second.
func (f *fixCtx) shortKeepAliveField() bool {
	if !f.newAPI() {
		return !f.exactBeforeConfig() // KeepAlive: 10 * time.Second
	}
	return f.gate().kind == gateEnv
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
