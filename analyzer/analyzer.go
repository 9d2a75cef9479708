package analyzer

import (
	"reflect"

	"golang.org/x/tools/go/analysis"
)

const Doc = `report TCP connections created without a deliberate keepalive policy

A TCP connection without keepalive never learns that its peer died or
that a NAT, firewall or load balancer dropped it while idle: a blocked
read waits forever, and data written to a dead peer is retransmitted
for about 15 minutes. The keepalive analyzer finds the places where a
program creates TCP connections (net.Dial, net.Dialer, net.Listen,
net.ListenConfig, crypto/tls, raw syscall and x/sys/unix sockets) and
reports those that do not set keepalive explicitly. Each diagnostic
carries a fix that sets it, so that a dead idle peer is noticed within
idle + interval x count (80s by default). For example,

	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)

becomes

	conn, err := (&net.Dialer{
		Timeout:         5 * time.Second,
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 30 * time.Second, Interval: 10 * time.Second, Count: 5},
	}).Dial("tcp", addr)

Keepalive sends no probe while data waits to be acknowledged: with
-user-timeout=auto (idle + interval x count) or a duration, fixes also
set the user timeout (TCP_USER_TIMEOUT on Linux), which bounds that
wait but drops a live peer that stops reading for as long; by default
it is left to the system.

With -require=on only the sites where keepalive ends up off are
reported. Sites in _test.go files are reported only with -tests. A
//kafix:ignore <reason> comment on a site's line or the line above
silences that site, a //kafix:file-ignore <reason> comment anywhere in
a file every site of the file; a directive without a reason silences
nothing and is reported.`

// Analyzer reports sites under the default policy; its flags set the
// policy. Use New for an analyzer with a policy of its own.
var Analyzer = New(DefaultConfig())

// New returns a keepalive analyzer that enforces cfg. Its flags are
// bound to its own copy of cfg, so analyzers built by New never share
// state.
//
// It requires no other analyzer: it builds its inspectors itself, only
// for the packages that touch sockets: one over their files that do
// (socketFiles), where it finds sites, and, only when a question needs
// the whole package (the values of a package variable, a function's
// declaration, the references to a function), a second over every
// file (everyFile). Requiring the inspect pass would build one over
// every file of every package, dependencies included, and keep each
// package's syntax alive until the whole analysis ends.
func New(cfg Config, opts ...Option) *analysis.Analyzer {
	c := new(Config)
	*c = cfg
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	a := &analysis.Analyzer{
		Name: "keepalive",
		Doc:  Doc,
		URL:  "https://github.com/kafix/kafix",
		// A pass returns a *Deferred under DeferFixes, else nil.
		ResultType: reflect.TypeFor[*Deferred](),
		FactTypes:  factTypes(),
		Run:        func(pass *analysis.Pass) (any, error) { return run(pass, *c, o) },
	}
	c.RegisterFlags(&a.Flags)
	return a
}
