package fixer

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// settings records what a fix sets, as the rewrite decides it, so that
// the description says exactly that.
type settings struct {
	timers      bool          // keepalive on with the policy's idle, interval and count
	on          bool          // keepalive on, timers left to the system
	userTimeout time.Duration // the user timeout set; 0 if none
	// triedUserTimeout says that the fix set the user timeout on each
	// system that has one: on the others, the description says so.
	triedUserTimeout bool
	// partial is why the fix falls short of the policy's bound where
	// it need not: a setting it could have written and did not.
	partial string
	// listening says that the options are set on a listening socket
	// too, for the connections accepted raw from its fd.
	listening bool
	// oldKeepAlive is the KeepAlive (or SetKeepAlivePeriod) value of a
	// file older than go1.23, and oldBound the bound it gives on any
	// toolchain (oldKeepAlive in settings.go); 0 if none.
	oldKeepAlive, oldBound time.Duration
}

// The systems whose kernels lack a per-socket option, among those
// with TCP keepalive: they keep the system's behaviour for it. The
// option setter (sockopt.go) and the raw-socket tables (raw.go) agree
// with these lists; TestSystemsWithoutOptions checks it.
var (
	noUserTimeout = []string{"aix", "dragonfly", "freebsd", "illumos", "netbsd", "openbsd", "solaris"}
	noTimers      = []string{"openbsd"}
)

// Which systems give a socket accepted from a listening socket that
// socket's keepalive options and user timeout: Linux (the accepted
// socket is a clone of the listening one, sk_clone_lock, and
// tcp_create_openreq_child keeps its timers; TestListenerOptionsCopied
// reads them back from a raw-accepted fd) and the BSDs copy them; on
// the other systems with per-socket options it is not verified here.
var (
	listenerOptionsCopied    = []string{"android", "dragonfly", "freebsd", "linux", "netbsd", "openbsd"}
	listenerOptionsUnchecked = []string{"aix", "darwin", "illumos", "ios", "solaris", "windows"}
)

// ListenerOptionsCopied reports whether every system in goos (nil:
// every system) gives an accepted socket the listening socket's
// keepalive options.
func ListenerOptionsCopied(goos []string) bool {
	if goos == nil {
		return false
	}
	for _, g := range goos {
		if !slices.Contains(listenerOptionsCopied, g) {
			return false
		}
	}
	return true
}

// systemNames are the names a sentence gives the systems.
var systemNames = map[string]string{
	"aix": "AIX", "darwin": "darwin", "dragonfly": "DragonFly", "freebsd": "FreeBSD", "illumos": "illumos",
	"ios": "iOS", "netbsd": "NetBSD", "openbsd": "OpenBSD", "solaris": "Solaris", "windows": "Windows",
}

// description says what the fix sets and what that means for a dead
// peer, then what it could not set and why.
func (f *fixCtx) description() string {
	p := f.site.Policy
	var b strings.Builder
	switch {
	case f.sets.timers && f.reuse != nil:
		fmt.Fprintf(&b, "the fix turns keepalive on with the package's own policy %s (%s idle, %s interval and %d probes)", f.reuse.v.Name(), p.Idle, p.Interval, p.Count)
	case f.sets.timers:
		fmt.Fprintf(&b, "the fix turns keepalive on with %s idle, %s interval and %d probes", p.Idle, p.Interval, p.Count)
	case f.sets.on:
		b.WriteString("the fix turns keepalive on")
	case f.sets.oldKeepAlive > 0:
		fmt.Fprintf(&b, "the fix sets KeepAlive to %s, the only keepalive setting before go1.23: a dead idle peer is noticed within %s on any toolchain", f.sets.oldKeepAlive, f.sets.oldBound)
	}
	ut := f.sets.userTimeout
	if ut > 0 {
		fmt.Fprintf(&b, ", and a %s user timeout", ut)
	}
	if f.sets.timers {
		bound := p.Bound()
		switch {
		case ut > 0 && ut <= bound:
			fmt.Fprintf(&b, ": a dead peer is noticed within %s, idle or with data in flight", bound)
		case ut > 0:
			fmt.Fprintf(&b, ": a dead peer is noticed within %s when idle, %s with data in flight", bound, ut)
		case p.userTimeout() == 0:
			fmt.Fprintf(&b, ": a dead peer is noticed within %s when idle; with data in flight it waits for the system's retransmission limit (about 15 minutes on Linux): the policy leaves the user timeout to the system", bound)
		default:
			fmt.Fprintf(&b, ": a dead peer is noticed within %s when idle", bound)
		}
	}
	if f.sets.listening {
		b.WriteString("; ")
		b.WriteString(f.listeningText())
	}
	if s := f.gateText(); s != "" {
		b.WriteString(", ")
		b.WriteString(s)
	}
	notes := slices.Clone(f.gate().notes)
	notes = append(notes, f.systemNotes()...)
	notes = append(notes, f.notes...)
	for _, n := range notes {
		b.WriteString("; ")
		b.WriteString(n)
	}
	return b.String()
}

// partial is why the fix does not meet the bound where it could have.
func (f *fixCtx) partial() string {
	if f.sets.partial != "" {
		return f.sets.partial
	}
	if f.sets.timers && f.site.Policy.userTimeout() == 0 {
		return "the policy leaves the user timeout to the system, so with data in flight a dead peer is noticed only at the system's retransmission limit (about 15 minutes on Linux)"
	}
	if f.sets.oldKeepAlive > 0 {
		return fmt.Sprintf("the file predates go1.23, whose KeepAlive cannot set the interval and probe count: a dead idle peer is noticed within %s", f.sets.oldBound)
	}
	if !f.sets.timers {
		return "the keepalive timers are left to the system"
	}
	return ""
}

// gateText says how the settings are switched at run time.
func (f *fixCtx) gateText() string {
	g := f.gate()
	switch g.kind {
	case gateFlag:
		return fmt.Sprintf("switched by the -%s flag", f.site.Policy.GateName)
	case gateVar:
		if f.site.Pkg.Name() == "main" {
			return fmt.Sprintf("switched by the variable %s", g.name)
		}
		return fmt.Sprintf("switched by the exported variable %s (a library registers no flags)", g.name)
	case gateEnv:
		return "tuned at run time by KEEPALIVE, KEEPIDLE, KEEPINTVL and KEEPCNT"
	}
	return ""
}

// listeningText says that the options go on the listening socket too,
// and where its accepted sockets are known to copy them.
func (f *fixCtx) listeningText() string {
	text := "the listening socket gets the same options, for the connections accepted raw from its fd, which copy them on Linux and the BSDs"
	if l := f.systemsOf(listenerOptionsUnchecked); len(l) > 0 {
		text += fmt.Sprintf(" (not verified here on %s)", joinAnd(l))
	}
	return text
}

// systemsOf names the systems of list that the file builds for.
func (f *fixCtx) systemsOf(list []string) []string {
	systems := f.site.GOOS
	if systems == nil {
		systems = knownOS
	}
	var out []string
	for _, g := range list {
		if slices.Contains(systems, g) {
			out = append(out, systemNames[g])
		}
	}
	return out
}

// systemNotes say which systems the file builds for lack an option
// that the fix sets elsewhere.
func (f *fixCtx) systemNotes() []string {
	var parts []string
	if f.sets.triedUserTimeout {
		if l := f.systemsOf(noUserTimeout); len(l) > 0 {
			parts = append(parts, fmt.Sprintf("no per-socket user timeout on %s (data in flight to a dead peer waits for the system's retransmission limit there)", joinAnd(l)))
		}
	}
	if f.sets.timers {
		if l := f.systemsOf(noTimers); len(l) > 0 {
			parts = append(parts, fmt.Sprintf("no per-socket keepalive timers on %s (its sysctls net.inet.tcp.keepidle and keepintvl apply)", joinAnd(l)))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return []string{strings.Join(parts, ", and ")}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
