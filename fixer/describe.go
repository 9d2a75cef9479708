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
	// system that has one (the README names those that lack one).
	triedUserTimeout bool
	// partial is why the fix falls short of the policy in force where
	// it need not: a setting it could have written and did not.
	partial string
	// listening says that the options are set on a listening socket
	// too, for the connections accepted raw from its fd.
	listening bool
	// helper is what a call of the package's keepalive helper sets
	// (fdhelper.go); nil if the fix calls none.
	helper *helperSettings
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
// the other systems with per-socket options (AIX, darwin, illumos,
// iOS, Solaris, Windows) it is not verified here, which the README
// says.
var listenerOptionsCopied = []string{"android", "dragonfly", "freebsd", "linux", "netbsd", "openbsd"}

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

// description is the fix's message, one sentence: what the fix sets
// and the bound that gives a dead peer, then how the settings are
// switched and anything else the fix needs said. Per-system caveats
// (systems without a user timeout, OpenBSD's timers) are not repeated
// on every fix: the README, which the diagnostic's URL points to,
// says them once.
func (f *fixCtx) description() string {
	var b strings.Builder
	b.WriteString(f.setsText())
	if s := f.gateText(); s != "" {
		b.WriteString(", ")
		b.WriteString(s)
	}
	notes := slices.Clone(f.gate().notes)
	notes = append(notes, f.notes...)
	for _, n := range notes {
		b.WriteString("; ")
		b.WriteString(n)
	}
	return b.String()
}

// setsText says what the fix sets, and for timers the bound they give:
// one case per kind of setting.
func (f *fixCtx) setsText() string {
	p := f.site.Policy
	on := "Turn keepalive on"
	switch {
	case f.sets.listening && ListenerOptionsCopied(f.site.GOOS):
		on += ", on the listening socket too (its accepted sockets copy it)"
	case f.sets.listening:
		on += ", on the listening socket too (accepted sockets copy it on Linux and the BSDs)"
	}
	switch {
	case f.sets.helper != nil:
		return f.sets.helper.text() + " " + retransmissionNote
	case f.sets.timers:
		timers := fmt.Sprintf("%s idle, %s interval, %d probes", p.Idle, p.Interval, p.Count)
		if f.reuse != nil {
			timers = fmt.Sprintf("the package's own policy %s (%s)", f.reuse.v.Name(), timers)
		}
		if ut := f.sets.userTimeout; ut > 0 {
			timers += fmt.Sprintf(", %s user timeout", ut)
		}
		return on + ": " + timers + "; " + f.boundText()
	case f.sets.on:
		return on
	case f.sets.oldKeepAlive > 0:
		return fmt.Sprintf("%s with KeepAlive %s, the one setting before go1.23: a dead idle peer is noticed within %s on any toolchain (see -user-timeout for the policy's timers)", on, f.sets.oldKeepAlive, f.sets.oldBound)
	}
	return "Set TCP keepalive explicitly"
}

// boundText says within how long the timers and the user timeout the
// fix sets notice a dead peer.
func (f *fixCtx) boundText() string {
	bound := f.site.Policy.Bound()
	switch ut := f.sets.userTimeout; {
	case ut > 0 && ut <= bound:
		return fmt.Sprintf("a dead peer is noticed within %s, idle or busy", bound)
	case ut > 0:
		return fmt.Sprintf("a dead peer is noticed within %s when idle, %s when busy", bound, ut)
	case f.site.Policy.userTimeout() > 0:
		// Asked for, but none of the file's systems has one.
		return fmt.Sprintf("a dead idle peer is noticed within %s (no user timeout on this file's systems: data in flight waits for their retransmission limit)", bound)
	}
	return fmt.Sprintf("a dead idle peer is noticed within %s %s", bound, retransmissionNote)
}

// retransmissionNote says, after the bound of a fix that leaves the
// user timeout to the system, what that leaves out.
const retransmissionNote = "(data in flight waits for the system's retransmission limit; see -user-timeout)"

// partial is why the fix falls short of the policy in force where it
// could have met it; "" when it meets it. Keepalive alone meets the
// default policy, which leaves the user timeout to the system.
func (f *fixCtx) partial() string {
	if f.sets.partial != "" {
		return f.sets.partial
	}
	if f.sets.oldKeepAlive > 0 {
		return fmt.Sprintf("the file predates go1.23, whose KeepAlive cannot set the interval and probe count: a dead idle peer is noticed within %s (-user-timeout sets the policy's timers too)", f.sets.oldBound)
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
