package analyzer

import (
	"fmt"
	"time"
)

// PolicyURL is the README section that every diagnostic points to
// (analysis.Diagnostic.URL): the policy, what a fix writes on each
// system, and what the user timeout costs, said once there rather
// than on every finding.
const PolicyURL = "https://github.com/kafix/kafix#the-policy-and-what-it-costs"

// Go's implicit keepalive, which net applies to every TCP connection
// whose Dialer or ListenConfig does not say otherwise: 15s idle, 15s
// interval and, since go1.23 (Linux's tcp_keepalive_probes before),
// 9 probes.
const (
	goDefaultIdle     = 15 * time.Second
	goDefaultInterval = 15 * time.Second
	goDefaultCount    = 9
)

// goDefaultBound is how long Go's implicit keepalive takes to notice a
// dead idle peer: 15s + 9×15s = 2m30s.
const goDefaultBound = goDefaultIdle + goDefaultCount*goDefaultInterval

// today says, in one short sentence, what the site does about
// keepalive today and what that costs: the diagnostic's message. What
// the fix sets is the suggested fix's message.
func (s site) today() string {
	return s.doing() + ": " + s.cost()
}

// refused is the message of a site that gets no fix: what it does
// today and, in place of the cost (which the README, at the
// diagnostic's URL, gives), what the user can do, so that the sentence
// stays short.
func (s site) refused(reason string) string {
	return s.doing() + "; no automatic fix: " + reason
}

// doing says what the site does about keepalive.
func (s site) doing() string {
	what := s.what
	if s.maybeTCP {
		what += " with a non-constant network"
	}
	switch s.state {
	case implicit:
		return what + " relies on Go's implicit keepalive"
	case disabled:
		return what + " turns TCP keepalive off, which looks deliberate"
	case acceptedRaw:
		return what + " lets code accept raw, without keepalive"
	case absent:
		return what + " creates a TCP socket without SO_KEEPALIVE"
	}
	return what
}

// cost says what the site's keepalive costs a dead peer.
func (s site) cost() string {
	switch s.state {
	case implicit:
		return fmt.Sprintf("a dead idle peer is noticed after about %s", goDefaultBound)
	case disabled:
		return "a dead idle peer is never noticed (keep it with //kafix:ignore <reason>)"
	}
	return "a dead idle peer is never noticed"
}
