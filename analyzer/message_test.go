package analyzer_test

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/fixer"
)

// maxMessage is the longest a diagnostic's message may be, the reason
// included where there is no automatic fix: one sentence, as go vet's
// are.
const maxMessage = 160

// testingHelper matches the testing helpers that a refusal may
// suggest only in a test file.
var testingHelper = regexp.MustCompile(`\b(require|assert)\.|\bt\.(Fatal|Error)`)

// messageCase is the exact wording of one kind of site: its diagnostic
// and its fix's message under the default policy and under
// -user-timeout=auto ("" when there is no fix).
type messageCase struct {
	diag, fix, fixAuto string
}

var messageCases = []messageCase{
	{
		diag:    "net.Dial relies on Go's implicit keepalive: a dead idle peer is noticed after about 2m30s",
		fix:     "Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s (data in flight waits for the system's retransmission limit; see -user-timeout)",
		fixAuto: "Turn keepalive on: 30s idle, 10s interval, 5 probes, 1m20s user timeout; a dead peer is noticed within 1m20s, idle or busy",
	},
	{
		diag:    "net.Dial with a non-constant network relies on Go's implicit keepalive: a dead idle peer is noticed after about 2m30s",
		fix:     "Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s (data in flight waits for the system's retransmission limit; see -user-timeout)",
		fixAuto: "Turn keepalive on: 30s idle, 10s interval, 5 probes, 1m20s user timeout; a dead peer is noticed within 1m20s, idle or busy",
	},
	{
		diag:    "net.Dialer with a negative KeepAlive turns TCP keepalive off, which looks deliberate: a dead idle peer is never noticed (keep it with //kafix:ignore <reason>)",
		fix:     "Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s (data in flight waits for the system's retransmission limit; see -user-timeout)",
		fixAuto: "Turn keepalive on: 30s idle, 10s interval, 5 probes, 1m20s user timeout; a dead peer is noticed within 1m20s, idle or busy",
	},
	{
		diag:    "SetKeepAlive(false) turns TCP keepalive off, which looks deliberate: a dead idle peer is never noticed (keep it with //kafix:ignore <reason>)",
		fix:     "Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s (data in flight waits for the system's retransmission limit; see -user-timeout)",
		fixAuto: "Turn keepalive on: 30s idle, 10s interval, 5 probes, 1m20s user timeout; a dead peer is noticed within 1m20s, idle or busy",
	},
	{
		diag:    "net.Listen (its fd is taken with File) lets code accept raw, without keepalive: a dead idle peer is never noticed",
		fix:     "Turn keepalive on, on the listening socket too (accepted sockets copy it on Linux and the BSDs): 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s (data in flight waits for the system's retransmission limit; see -user-timeout)",
		fixAuto: "Turn keepalive on, on the listening socket too (accepted sockets copy it on Linux and the BSDs): 30s idle, 10s interval, 5 probes, 1m20s user timeout; a dead peer is noticed within 1m20s, idle or busy",
	},
	{
		diag:    "net.Listen (its fd is taken with File) with a non-constant network lets code accept raw, without keepalive: a dead idle peer is never noticed",
		fix:     "Turn keepalive on, on the listening socket too (its accepted sockets copy it): 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s (data in flight waits for the system's retransmission limit; see -user-timeout)",
		fixAuto: "Turn keepalive on, on the listening socket too (its accepted sockets copy it): 30s idle, 10s interval, 5 probes, 1m20s user timeout; a dead peer is noticed within 1m20s, idle or busy",
	},
	{
		diag:    "syscall.Accept on a Go listener's fd (a ListenConfig setting does not reach it) creates a TCP socket without SO_KEEPALIVE: a dead idle peer is never noticed",
		fix:     "Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s (data in flight waits for the system's retransmission limit; see -user-timeout)",
		fixAuto: "Turn keepalive on: 30s idle, 10s interval, 5 probes, 1m20s user timeout; a dead peer is noticed within 1m20s, idle or busy",
	},
	{
		diag:    "net.Listen with a non-constant network relies on Go's implicit keepalive: a dead idle peer is noticed after about 2m30s",
		fix:     "Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s (data in flight waits for the system's retransmission limit; see -user-timeout)",
		fixAuto: "Turn keepalive on: 30s idle, 10s interval, 5 probes, 1m20s user timeout; a dead peer is noticed within 1m20s, idle or busy",
	},
	{
		diag:    "holder's zero net.Dialer d with a non-constant network relies on Go's implicit keepalive: a dead idle peer is noticed after about 2m30s",
		fix:     "Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s (data in flight waits for the system's retransmission limit; see -user-timeout)",
		fixAuto: "Turn keepalive on: 30s idle, 10s interval, 5 probes, 1m20s user timeout; a dead peer is noticed within 1m20s, idle or busy",
	},
	// Refusals: what the site does and, in place of the cost, what the
	// user can do.
	{diag: "net.DialTCP relies on Go's implicit keepalive; no automatic fix: check its error right after the call"},
	{diag: "tls.Listen with a non-constant network relies on Go's implicit keepalive; no automatic fix: check its error right after the call"},
	{diag: "net.ListenTCP with a non-constant network relies on Go's implicit keepalive; no automatic fix: make the network a constant tcp, tcp4 or tcp6"},
	{diag: "newSocketCloexec (a socket constructor) wrapped by net.FileListener relies on Go's implicit keepalive; no automatic fix: set keepalive where Accept is called"},
	{
		diag:    "syscall.Socket creates a TCP socket without SO_KEEPALIVE: a dead idle peer is never noticed",
		fix:     "Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s (data in flight waits for the system's retransmission limit; see -user-timeout)",
		fixAuto: "Turn keepalive on: 30s idle, 10s interval, 5 probes, 1m20s user timeout; a dead peer is noticed within 1m20s, idle or busy",
	},
	{
		diag:    "syscall.SetsockoptInt(SO_KEEPALIVE, 0) turns TCP keepalive off, which looks deliberate: a dead idle peer is never noticed (keep it with //kafix:ignore <reason>)",
		fix:     "Turn keepalive on; the timers stay the system's (the first probe after 2 hours idle) unless the code sets them",
		fixAuto: "Turn keepalive on; the timers stay the system's (the first probe after 2 hours idle) unless the code sets them",
	},
}

// TestMessages checks the exact words of each kind of site, that a
// diagnostic, a refusal's included, is one sentence of at most
// maxMessage characters that suggests no testing helper outside a test
// file, and that every diagnostic points to the README's policy
// section.
func TestMessages(t *testing.T) {
	auto := analyzer.DefaultConfig()
	auto.Policy.UserTimeout = fixer.UserTimeoutAuto
	for _, tc := range []struct {
		name string
		cfg  analyzer.Config
		fix  func(messageCase) string
	}{
		{"default", analyzer.DefaultConfig(), func(c messageCase) string { return c.fix }},
		{"user-timeout=auto", auto, func(c messageCase) string { return c.fixAuto }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			results := analysistest.Run(t, testdata(t), analyzer.New(tc.cfg), "messages")
			seen := make(map[string]bool)
			for _, r := range results {
				for _, d := range r.Diagnostics {
					posn := r.Pass.Fset.Position(d.Pos)
					if d.URL != analyzer.PolicyURL {
						t.Errorf("%s: URL %q, want %q", posn, d.URL, analyzer.PolicyURL)
					}
					if len(d.Message) > maxMessage {
						t.Errorf("%s: message of %d characters, want at most %d: %s", posn, len(d.Message), maxMessage, d.Message)
					}
					if !strings.HasSuffix(posn.Filename, "_test.go") && testingHelper.MatchString(d.Message) {
						t.Errorf("%s: a testing helper suggested outside a test file: %s", posn, d.Message)
					}
					var c *messageCase
					for i := range messageCases {
						if messageCases[i].diag == d.Message {
							c = &messageCases[i]
						}
					}
					if c == nil {
						t.Errorf("%s: no case for the message %q", posn, d.Message)
						continue
					}
					seen[c.diag] = true
					var fix string
					if len(d.SuggestedFixes) > 0 {
						fix = d.SuggestedFixes[0].Message
					}
					if want := tc.fix(*c); fix != want {
						t.Errorf("%s: fix message\n\t%q\nwant\n\t%q", posn, fix, want)
					}
				}
			}
			for _, c := range messageCases {
				if !seen[c.diag] {
					t.Errorf("not reported: %q", c.diag)
				}
			}
		})
	}
}
