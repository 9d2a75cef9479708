package fixer

import (
	"strconv"
	"testing"
	"time"
)

// TestHelperTimers checks the values a fix passes to a keepalive
// helper for the default policy (30s, 10s, 5 probes: 1m20s), and the
// helpers and policies it does not call one for.
func TestHelperTimers(t *testing.T) {
	fd := HelperParam{FD: true}
	secs := func(sets Timers) HelperParam { return HelperParam{Sets: sets} }
	both := TimerIdle | TimerInterval
	def := DefaultPolicy()
	auto := def
	auto.UserTimeout = UserTimeoutAuto
	short := def
	short.Idle, short.Interval, short.Count = time.Second, time.Second, 1
	for _, tc := range []struct {
		name   string
		h      FDHelper
		p      Policy
		want   string // "idle interval count bound", "" for no call
		system bool   // the count is the system's
	}{
		// netpoll's SetKeepAlive(fd, secs): 8 + 8 x 9 = 80s.
		{"one parameter, system count", FDHelper{Params: []HelperParam{fd, secs(both)}}, def, "8s 8s 9 1m20s", true},
		{"one parameter and a count", FDHelper{Params: []HelperParam{fd, secs(both), secs(TimerCount)}}, def, "13s 13s 5 1m18s", false},
		{"one parameter, a constant count", FDHelper{Params: []HelperParam{fd, secs(both)}, FixedCount: 3}, def, "20s 20s 3 1m20s", false},
		// 30 + 5 x 9 = 75s: the interval the policy's bound leaves.
		{"idle and interval, system count", FDHelper{Params: []HelperParam{fd, secs(TimerIdle), secs(TimerInterval)}}, def, "30s 5s 9 1m15s", true},
		{"every timer", FDHelper{Params: []HelperParam{fd, {Sets: TimerIdle, Duration: true}, {Sets: TimerInterval, Duration: true}, secs(TimerCount)}}, def, "30s 10s 5 1m20s", false},
		{"idle only", FDHelper{Params: []HelperParam{fd, secs(TimerIdle)}}, def, "", false},
		{"interval only", FDHelper{Params: []HelperParam{fd, secs(TimerInterval)}}, def, "", false},
		{"a user timeout asked for", FDHelper{Params: []HelperParam{fd, secs(both)}}, auto, "", false},
		{"no whole second within the bound", FDHelper{Params: []HelperParam{fd, secs(both)}}, short, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs := helperTimers(&tc.h, tc.p)
			got := ""
			if hs != nil {
				got = hs.idle.String() + " " + hs.interval.String() + " " + strconv.Itoa(hs.count) + " " + hs.bound.String()
			}
			if got != tc.want {
				t.Fatalf("helperTimers = %q, want %q", got, tc.want)
			}
			if hs != nil && hs.systemCount != tc.system {
				t.Errorf("systemCount = %v, want %v", hs.systemCount, tc.system)
			}
			if hs != nil && hs.bound > tc.p.Bound() {
				t.Errorf("bound %s beyond the policy's %s", hs.bound, tc.p.Bound())
			}
		})
	}
}

// TestHelperCallable checks that a helper is called only where its
// package declares it for every system the site's file builds for, on
// which the socket package has a Socket and the package builds.
func TestHelperCallable(t *testing.T) {
	linuxDarwin := &FDHelper{GOOS: []string{"android", "darwin", "ios", "linux"}}
	everywhere := func(string) bool { return true }
	notSolaris := func(g string) bool { return g != "solaris" }
	for _, tc := range []struct {
		name   string
		h      *FDHelper
		pkg    string
		goos   []string
		builds func(string) bool
		want   bool
	}{
		{"declared for every system", &FDHelper{}, PkgSyscall, nil, everywhere, true},
		{"declared for the file's systems", linuxDarwin, PkgSyscall, []string{"darwin", "linux"}, everywhere, true},
		{"missing for FreeBSD", linuxDarwin, PkgSyscall, []string{"freebsd", "linux"}, everywhere, false},
		{"missing for Solaris, where the package does not build", linuxDarwin, PkgSyscall, []string{"linux", "solaris"}, notSolaris, true},
		{"a file for every system", linuxDarwin, PkgSyscall, nil, everywhere, false},
		{"missing for Windows, where unix has no Socket", linuxDarwin, PkgUnix, []string{"linux", "windows"}, everywhere, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HelperCallable(tc.h, tc.pkg, tc.goos, tc.builds); got != tc.want {
				t.Errorf("HelperCallable = %v, want %v", got, tc.want)
			}
		})
	}
}
