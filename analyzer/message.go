package analyzer

import (
	"fmt"
	"go/version"
	"strings"
	"time"
)

// Go's implicit keepalive, which net applies to every TCP connection
// whose Dialer or ListenConfig does not say otherwise.
const (
	goDefaultIdle     = 15 * time.Second
	goDefaultInterval = 15 * time.Second
	goDefaultCount    = 9 // Linux's tcp_keepalive_probes; Go leaves it alone
)

// configAPIVersion is the first Go version with net.KeepAliveConfig.
const configAPIVersion = "go1.23"

// message says what the site does today, in plain words, and what the
// fix sets.
func (c *checker) message(s site, notes []string) string {
	var b strings.Builder
	b.WriteString(s.what)
	if s.maybeTCP {
		b.WriteString(" with a non-constant network (it may be TCP)")
	}
	switch s.state {
	case implicit:
		fmt.Fprintf(&b, " relies on Go's implicit keepalive: %s idle, %s interval, %d probes; a dead peer is noticed after about %s",
			goDefaultIdle, goDefaultInterval, goDefaultCount, detection(goDefaultIdle, goDefaultInterval, goDefaultCount))
	case disabled:
		b.WriteString(" turns TCP keepalive off: a dead peer or a connection dropped while idle is never noticed")
	case absent:
		b.WriteString(" creates a TCP socket without SO_KEEPALIVE: the system sends no keepalive probes at all, so a dead peer or a connection dropped while idle is never noticed")
	}
	b.WriteString("; ")
	if isRawKind(s.fix.Kind) {
		b.WriteString(c.rawPolicyText(s.fix.Kind))
	} else {
		b.WriteString(c.policyText(s.fix.GoVersion))
	}
	for _, note := range notes {
		b.WriteString("; ")
		b.WriteString(note)
	}
	return b.String()
}

// policyText describes what the fix sets under the configured policy.
func (c *checker) policyText(fileVersion string) string {
	cfg := c.cfg
	var b strings.Builder
	if oldAPI(fileVersion) {
		fmt.Fprintf(&b, "set keepalive explicitly: %s idle and interval (the probe count and a separate interval need %s; this file is %s)",
			cfg.Idle, configAPIVersion, fileVersion)
	} else {
		fmt.Fprintf(&b, "set keepalive explicitly: %s idle, %s interval, %d probes (a dead peer is noticed after about %s)",
			cfg.Idle, cfg.Interval, cfg.Count, detection(cfg.Idle, cfg.Interval, cfg.Count))
	}
	switch cfg.Gate {
	case GateFlag:
		if c.pass.Pkg.Name() == "main" {
			fmt.Fprintf(&b, ", switched by the -%s flag", cfg.GateName)
		} else {
			b.WriteString(", switched by an exported package variable (a library registers no flags)")
		}
	case GateEnv:
		b.WriteString(", tuned by KEEPALIVE, KEEPIDLE, KEEPINTVL and KEEPCNT")
	}
	return b.String()
}

// oldAPI reports whether a file of this Go version predates
// net.KeepAliveConfig.
func oldAPI(fileVersion string) bool {
	return fileVersion != "" && version.IsValid(fileVersion) && version.Compare(fileVersion, configAPIVersion) < 0
}

// detection is how long a dead peer goes unnoticed: idle time, then
// count unanswered probes interval apart.
func detection(idle, interval time.Duration, count int) time.Duration {
	return idle + time.Duration(count)*interval
}
