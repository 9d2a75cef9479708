package fixer

import (
	"flag"
	"strings"
	"testing"
	"time"
)

// TestDefaultPolicyKeepaliveOnly: the default policy sets keepalive
// alone, 30s/10s/5, and leaves the user timeout to the system.
func TestDefaultPolicyKeepaliveOnly(t *testing.T) {
	p := DefaultPolicy()
	if p.UserTimeout != 0 || p.userTimeout() != 0 {
		t.Errorf("DefaultPolicy().UserTimeout = %v (sets %v), want 0: the user timeout is opt-in", p.UserTimeout, p.userTimeout())
	}
	if p.Idle != 30*time.Second || p.Interval != 10*time.Second || p.Count != 5 || p.Bound() != 80*time.Second {
		t.Errorf("DefaultPolicy() = %+v, bound %v; want 30s, 10s, 5 probes, 1m20s", p, p.Bound())
	}
	if err := p.Validate(); err != nil {
		t.Errorf("DefaultPolicy().Validate() = %v", err)
	}
}

// TestUserTimeoutValue checks the -user-timeout flag: 0 (off, the
// default, which the usage message shows as 0), auto and a duration.
func TestUserTimeoutValue(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    time.Duration
		sets    time.Duration // what a fix writes, under 30s/10s/5
		printed string
	}{
		{"0", 0, 0, "0"},
		{"auto", UserTimeoutAuto, 80 * time.Second, "auto"},
		{"2m", 2 * time.Minute, 2 * time.Minute, "2m0s"},
	} {
		p := DefaultPolicy()
		v := UserTimeoutValue{D: &p.UserTimeout}
		if err := v.Set(tc.in); err != nil {
			t.Errorf("Set(%q): %v", tc.in, err)
			continue
		}
		if p.UserTimeout != tc.want || p.userTimeout() != tc.sets || v.String() != tc.printed {
			t.Errorf("Set(%q): %v, sets %v, prints %q; want %v, %v, %q", tc.in, p.UserTimeout, p.userTimeout(), v.String(), tc.want, tc.sets, tc.printed)
		}
	}
	if err := (UserTimeoutValue{D: new(time.Duration)}).Set("-1s"); err == nil {
		t.Error("Set(-1s) = nil, want an error")
	}

	p := DefaultPolicy()
	fs := flag.NewFlagSet("kafix", flag.ContinueOnError)
	fs.Var(UserTimeoutValue{D: &p.UserTimeout}, "user-timeout", "the user timeout")
	var usage strings.Builder
	fs.SetOutput(&usage)
	fs.PrintDefaults()
	if !strings.Contains(usage.String(), "(default 0)") {
		t.Errorf("usage does not show the default 0:\n%s", usage.String())
	}
}

// TestBoundWithShortIdle: Linux probes a live idle peer every
// max(idle, interval), so an idle time below the interval does not
// shorten the bound below interval + interval×count (measured by the
// runtime tests: KeepAlive: 1s with Go's 15s interval and 9 probes
// noticed a dead peer after 146s).
func TestBoundWithShortIdle(t *testing.T) {
	p := DefaultPolicy()
	p.Idle, p.Interval, p.Count = 1*time.Second, 15*time.Second, 9
	if got, want := p.Bound(), 150*time.Second; got != want {
		t.Errorf("Bound() with idle 1s, interval 15s, 9 probes = %v, want %v", got, want)
	}
}
