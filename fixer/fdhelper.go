package fixer

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/dave/dst"
)

// FDHelper is a function of the program that turns keepalive on for an
// int fd and sets its timers from its other parameters, such as
// netpoll's
//
//	func SetKeepAlive(fd, secs int) error // SO_KEEPALIVE, then secs as TCP_KEEPINTVL and TCP_KEEPIDLE
//
// Where a raw socket's package has one, or imports one, its fix calls it
// with the policy's values, in the helper's units, instead of writing the
// options itself: the package's own way (SPEC section 4). The analyzer
// records one only where its parameters set the idle time and the
// interval, so that the policy's bound can be met through it.
type FDHelper struct {
	Pkg, Name string // the import path of its package, and its name
	Params    []HelperParam
	// Error says that it returns an error, its only result; it
	// returns nothing otherwise.
	Error bool
	// FixedCount is the probe count that it sets from a constant; 0
	// when it leaves the count to the system (or a parameter sets it).
	FixedCount int
	// GOOS lists the systems for which its package declares it (a
	// function of that name in a file for each); nil means every
	// system.
	GOOS []string
}

// HelperParam is what an FDHelper does with one of its parameters.
type HelperParam struct {
	FD   bool   // the fd
	Sets Timers // the timers it sets from this parameter
	// Duration says that it is a time.Duration; otherwise an int,
	// of seconds (of probes for the count).
	Duration bool
}

// Timers is a set of the TCP keepalive timers.
type Timers uint8

const (
	TimerIdle Timers = 1 << iota
	TimerInterval
	TimerCount
)

// systemProbes is the probe count that Linux uses where nobody sets
// one (net.ipv4.tcp_keepalive_probes): a helper that leaves the count
// alone gets it there. darwin and the BSDs use 8.
const systemProbes = 9

// HelperCallable reports whether h can be called from a file that
// builds for goos (nil: every system) and creates its socket with pkg's
// Socket: h is declared for every one of those systems on which pkg has
// a Socket and on which the package builds at all (builds says; a
// package whose files need a function that no file declares for that
// system does not).
func HelperCallable(h *FDHelper, pkg string, goos []string, builds func(goos string) bool) bool {
	if h.GOOS == nil {
		return true
	}
	if goos == nil {
		goos = knownOS
	}
	for _, g := range goos {
		if !slices.Contains(h.GOOS, g) && !slices.Contains(noSocket[pkg], g) && builds(g) {
			return false
		}
	}
	return true
}

// helperCall is the call of the site's helper with the policy's
// values, and what it sets; nil when the site has no helper that can
// carry the policy in force (helperTimers), or when a gate reads the
// values at run time.
func (f *fixCtx) helperCall(fd dst.Expr) (*dst.CallExpr, *helperSettings) {
	h := f.site.Helper
	if h == nil || f.gate().kind == gateEnv {
		return nil, nil
	}
	hs := helperTimers(h, f.site.Policy)
	if hs == nil {
		return nil, nil
	}
	if h.Pkg != f.site.Pkg.Path() {
		hs.name = path.Base(h.Pkg) + "." + h.Name
	}
	call := &dst.CallExpr{Fun: f.helperFunc(h)}
	for _, hp := range h.Params {
		var d time.Duration
		switch {
		case hp.FD:
			call.Args = append(call.Args, dst.Clone(fd).(dst.Expr))
			continue
		case hp.Sets == TimerCount:
			call.Args = append(call.Args, intLit(int64(hs.count)))
			continue
		case hp.Sets&TimerIdle != 0:
			d = hs.idle
		default:
			d = hs.interval
		}
		if hp.Duration {
			call.Args = append(call.Args, f.duration(d))
		} else {
			call.Args = append(call.Args, intLit(int64(d/time.Second)))
		}
	}
	return call, hs
}

// helperTimers are the timers that h sets to carry policy p: the
// policy's where each has its parameter; otherwise those whose bound is
// the policy's, or the nearest below it in whole seconds: one value for
// the idle time and the interval where one parameter sets both, and the
// system's probe count where h leaves it (Linux's 9). nil when h cannot
// carry p: it leaves the idle time or the interval to the system, p
// asks for a user timeout, which h does not set, or no whole second
// stays within p's bound.
func helperTimers(h *FDHelper, p Policy) *helperSettings {
	if p.userTimeout() > 0 {
		return nil
	}
	var sets Timers
	shared := false // one parameter sets both the idle time and the interval
	for _, hp := range h.Params {
		sets |= hp.Sets
		shared = shared || hp.Sets&(TimerIdle|TimerInterval) == TimerIdle|TimerInterval
	}
	if sets&(TimerIdle|TimerInterval) != TimerIdle|TimerInterval {
		return nil
	}
	hs := &helperSettings{name: h.Name, count: p.Count, shared: shared}
	switch {
	case sets&TimerCount != 0:
	case h.FixedCount > 0:
		hs.count = h.FixedCount
	default:
		hs.count, hs.systemCount = systemProbes, true
	}
	bound := p.Bound()
	hs.idle, hs.interval = p.Idle, p.Interval
	if shared {
		hs.idle = (bound / time.Duration(1+hs.count)).Truncate(time.Second)
		hs.interval = hs.idle
	} else if hs.idle+time.Duration(hs.count)*hs.interval > bound {
		hs.interval = ((bound - hs.idle) / time.Duration(hs.count)).Truncate(time.Second)
	}
	if hs.idle < time.Second || hs.interval < time.Second {
		return nil
	}
	hs.bound = max(hs.idle, hs.interval) + time.Duration(hs.count)*hs.interval
	return hs
}

// helperFunc names h where the site's file calls it: by its name in its
// own package, qualified elsewhere.
func (f *fixCtx) helperFunc(h *FDHelper) dst.Expr {
	if h.Pkg == f.site.Pkg.Path() {
		return dst.NewIdent(h.Name)
	}
	return f.qualified(h.Pkg, h.Name)
}

// helperSettings are the timers that a call of the package's helper
// sets, for the fix's message.
type helperSettings struct {
	name           string
	idle, interval time.Duration
	shared         bool // idle and interval are one parameter
	count          int
	systemCount    bool // the count is the system's (Linux's)
	bound          time.Duration
}

// text says what the call sets and the bound it gives.
func (hs *helperSettings) text() string {
	timers := fmt.Sprintf("%s idle, %s interval", hs.idle, hs.interval)
	if hs.shared {
		timers = fmt.Sprintf("%s idle and interval", hs.idle)
	}
	count := fmt.Sprintf("%d probes", hs.count)
	on := ""
	if hs.systemCount {
		count = fmt.Sprintf("the system's %d probes", hs.count)
		on = " on Linux"
	}
	return fmt.Sprintf("Turn keepalive on with %s: %s, %s; a dead idle peer is noticed within %s%s", hs.name, timers, count, hs.bound, on)
}

// String describes h for the analyzer's fact: (fd, idle+interval) for
// netpoll's SetKeepAlive(fd, secs int) error.
func (h *FDHelper) String() string {
	var params []string
	for _, p := range h.Params {
		var s string
		switch {
		case p.FD:
			s = "fd"
		default:
			var timers []string
			for _, t := range []struct {
				t    Timers
				name string
			}{{TimerIdle, "idle"}, {TimerInterval, "interval"}, {TimerCount, "count"}} {
				if p.Sets&t.t != 0 {
					timers = append(timers, t.name)
				}
			}
			s = strings.Join(timers, "+")
			if p.Duration {
				s += " duration"
			}
		}
		params = append(params, s)
	}
	s := "(" + strings.Join(params, ", ") + ")"
	if h.FixedCount > 0 {
		s += fmt.Sprintf(" count=%d", h.FixedCount)
	}
	if h.GOOS != nil {
		s += " on " + strings.Join(h.GOOS, ",")
	}
	return s
}

// Systems lists every system that Go knows, for a nil list of systems
// ("every system").
func Systems() []string { return slices.Clone(knownOS) }
