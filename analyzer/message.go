package analyzer

import (
	"fmt"
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

// today says what the site does about keepalive today, in plain words:
// the first half of its message. The fixer says the second half, what
// its fix sets.
func (s site) today() string {
	var b strings.Builder
	b.WriteString(s.what)
	if s.maybeTCP {
		b.WriteString(" with a non-constant network (it may be TCP)")
	}
	switch s.state {
	case implicit:
		fmt.Fprintf(&b, " relies on Go's implicit keepalive: %s idle, %s interval, %d probes; a dead peer is noticed after about %s, and never while data is in flight before the system's retransmission limit (about 15 minutes on Linux)",
			goDefaultIdle, goDefaultInterval, goDefaultCount, goDefaultIdle+goDefaultCount*goDefaultInterval)
	case disabled:
		b.WriteString(" turns TCP keepalive off: a dead peer or a connection dropped while idle is never noticed (if that is deliberate, keep it with a //kafix:ignore <reason> comment on this line)")
	case acceptedRaw:
		fmt.Fprintf(&b, " lets code accept connections raw from its fd: those get no keepalive, so a dead peer or a connection dropped while idle is never noticed on them (Go's implicit keepalive, %s idle, %s interval, %d probes, reaches only the connections that Go's Accept makes)",
			goDefaultIdle, goDefaultInterval, goDefaultCount)
	case absent:
		b.WriteString(" creates a TCP socket without SO_KEEPALIVE: the system sends no keepalive probes at all, so a dead peer or a connection dropped while idle is never noticed")
	}
	return b.String()
}
