package fixer

import (
	"fmt"
	"strings"
	"time"
)

// Policy is the keepalive policy that fixes write: the timers, the
// user timeout, and how the inserted settings are switched. The
// fixer owns it, its validation and the words that describe it; the
// analyzer and the drivers only carry it.
type Policy struct {
	Idle     time.Duration // time a connection is idle before the first probe
	Interval time.Duration // time between probes
	Count    int           // unanswered probes before the connection is dropped

	// UserTimeout bounds how long sent data may stay unacknowledged
	// before the connection is dropped (TCP_USER_TIMEOUT on Linux,
	// TCP_RXT_CONNDROPTIME on darwin, TCP_MAXRT on Windows).
	// Keepalive sends no probe while data waits to be acknowledged,
	// so without it a connection that wrote to a peer that has just
	// died waits for the system's retransmissions (about 15 minutes
	// on Linux). UserTimeoutAuto means Idle + Interval×Count; 0, the
	// default, leaves it to the system.
	UserTimeout time.Duration

	Gate     Gate
	GateName string // the name of the flag that GateFlag generates
}

// UserTimeoutAuto is the Policy.UserTimeout that follows the keepalive
// timers: Idle + Interval×Count, the recipe of gRPC's gRFC A18.
const UserTimeoutAuto time.Duration = -1

// Gate says how the settings a fix inserts are switched at run time.
type Gate string

const (
	GateNone Gate = "none" // set unconditionally
	GateFlag Gate = "flag" // behind a generated command-line flag (an exported variable in a library)
	GateEnv  Gate = "env"  // read from libkeepalive's KEEPALIVE, KEEPIDLE, KEEPINTVL, KEEPCNT
)

// Gates lists the gates, in the order a usage message shows them.
var Gates = []Gate{GateNone, GateFlag, GateEnv}

// DefaultPolicy is keepalive alone: 30s idle, 10s interval and 5
// probes, and no user timeout. 30s matches net/http's
// DefaultTransport and stays under every common load-balancer and NAT
// idle timeout; a dead idle peer is noticed within 30s + 5×10s = 80s.
//
// The user timeout is opt-in (UserTimeoutAuto, or a duration): on
// Linux it also drops a live peer that keeps its receive window shut
// for that long, and it replaces the probe count for an idle
// connection, which programs with their own liveness checks (database
// drivers, MQTT, raft, SSH) do not want as a side effect of keepalive.
// Go's net never sets it; grpc-go sets it only when asked.
func DefaultPolicy() Policy {
	return Policy{
		Idle:     30 * time.Second,
		Interval: 10 * time.Second,
		Count:    5,
		Gate:     GateNone,
		GateName: "tcp-keepalive",
	}
}

// Validate reports the first setting that a fix cannot write. The
// settings are named as the command line and golangci-lint's settings
// name them.
func (p Policy) Validate() error {
	wholeSeconds := func(name string, d time.Duration) error {
		if d < time.Second || d%time.Second != 0 {
			return fmt.Errorf("%s=%v: want a whole number of seconds, at least 1s (the kernel counts in seconds)", name, d)
		}
		return nil
	}
	if err := wholeSeconds("idle", p.Idle); err != nil {
		return err
	}
	if err := wholeSeconds("interval", p.Interval); err != nil {
		return err
	}
	if p.Count < 1 || p.Count > 127 {
		return fmt.Errorf("count=%d: want 1 to 127 probes", p.Count)
	}
	if ut := p.UserTimeout; ut != UserTimeoutAuto && ut != 0 {
		if err := wholeSeconds("user-timeout", ut); err != nil {
			return fmt.Errorf("%v, or 0 to leave it to the system", err)
		}
	}
	switch p.Gate {
	case GateNone, GateEnv:
	case GateFlag:
		if !validFlagName(p.GateName) {
			return fmt.Errorf("gate-name=%q: want a flag name such as tcp-keepalive", p.GateName)
		}
	default:
		return fmt.Errorf("gate=%q: want one of %s", p.Gate, gateList())
	}
	return nil
}

func gateList() string {
	var names []string
	for _, g := range Gates {
		names = append(names, string(g))
	}
	return strings.Join(names, ", ")
}

func validFlagName(name string) bool {
	if name == "" || name[0] == '-' {
		return false
	}
	for _, r := range name {
		if !(r == '-' || r == '_' || r == '.' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return false
		}
	}
	return true
}

// Bound is how long a dead peer of an idle connection goes unnoticed
// under the policy: the idle time, then Count probes Interval apart.
// Linux probes a live idle peer every max(Idle, Interval) (after an
// answered probe its timer waits Interval before it looks at the idle
// time again), so the peer may have answered last that long before it
// died: with Idle >= Interval, as by default, that is Idle.
func (p Policy) Bound() time.Duration {
	return max(p.Idle, p.Interval) + time.Duration(p.Count)*p.Interval
}

// userTimeout is the user timeout that fixes set; 0 for none.
func (p Policy) userTimeout() time.Duration {
	if p.UserTimeout == UserTimeoutAuto {
		return p.Bound()
	}
	return p.UserTimeout
}

// gated reports whether the policy switches its settings at run time.
func (p Policy) gated() bool { return p.Gate != "" && p.Gate != GateNone }

// UserTimeoutValue is a flag.Value for Policy.UserTimeout: a duration,
// 0, or "auto" (UserTimeoutAuto).
type UserTimeoutValue struct{ D *time.Duration }

func (v UserTimeoutValue) String() string {
	switch {
	case v.D == nil:
		return "" // the zero Value, as flag.PrintDefaults makes it
	case *v.D == UserTimeoutAuto:
		return "auto"
	case *v.D == 0:
		return "0" // off, as the usage message and golangci-lint's settings say it
	}
	return v.D.String()
}

func (v UserTimeoutValue) Set(s string) error {
	if s == "auto" {
		*v.D = UserTimeoutAuto
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return fmt.Errorf("want a duration such as 80s, 0 (leave it to the system) or auto (idle + interval x count)")
	}
	*v.D = d
	return nil
}

// GateValue is a flag.Value for Policy.Gate.
type GateValue struct{ G *Gate }

func (v GateValue) String() string {
	if v.G == nil {
		return "" // the zero Value, as flag.PrintDefaults makes it
	}
	return string(*v.G)
}

func (v GateValue) Set(s string) error {
	for _, g := range Gates {
		if s == string(g) {
			*v.G = g
			return nil
		}
	}
	return fmt.Errorf("want one of %s", gateList())
}
