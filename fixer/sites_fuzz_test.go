package fixer_test

import (
	"fmt"
	"strings"
	"testing"
)

// FuzzSites is FuzzFix's twin for programs that type-check: it builds
// one from fragments that choices pick, statements that create TCP
// connections in the shapes real code gives them (method values and
// expressions, embedded Dialers, parenthesised and converted
// expressions, aliases, generic functions, closures, select and
// switch cases, labels, struct fields), and checks it as FuzzFix does:
// no panic, every fix and all of them together parse and type-check,
// and with every fix applied none is left. Every program the choices
// build must type-check: one that does not is the generator's fault,
// and fails. FuzzFix's mutations of whole files seldom keep them
// well-typed, which is where the analyzer finds most of its sites.
func FuzzSites(f *testing.F) {
	for i := range sitePieces {
		for _, mode := range []uint8{0, 1, 2, 4, 8} {
			f.Add([]byte{0, 0, byte(i), 0, 1, 2, 3, 4, 5}, mode)
		}
	}
	for i := range topPieces {
		f.Add([]byte{5, byte(i), 0, 0, 1, 2}, uint8(0))
	}
	f.Add([]byte{1, 1, 0, 1, 2, 1, 3, 2, 4, 3, 5, 4, 6, 5, 7, 6, 8, 7}, uint8(0))
	f.Add([]byte{2, 2, 9, 2, 3, 3, 17, 4, 1, 5, 21, 6, 2, 7}, uint8(1))
	f.Add([]byte{3, 3, 12, 5, 6, 7, 24, 1, 0, 0, 30, 3, 2}, uint8(2))
	f.Add([]byte{4, 4, 14, 6, 1, 2, 28, 2, 2, 2, 33, 1, 1}, uint8(4))
	// As FuzzFix does: a fuzz worker gives each input 10 seconds, which
	// the first would spend type-checking these from source on a busy
	// machine (the worker died on seed#0).
	importMu.Lock()
	for _, path := range []string{"context", "crypto/tls", "net", "syscall", "time"} {
		if _, err := (testdataImporter{}).Import(path); err != nil {
			f.Fatal(err)
		}
	}
	importMu.Unlock()
	f.Fuzz(func(t *testing.T, choices []byte, mode uint8) {
		src := buildProgram(choices)
		if _, typed := checkFixes(t, []byte(src), mode); !typed {
			in, _ := load([]byte(src), "")
			t.Fatalf("the generated program does not type-check: %v\n%s", in.typeErr, src)
		}
	})
}

// TestSitePiecesTypeCheck checks the generator itself: every
// fragment, with each choice of its holes and in each body shape and
// function shape, type-checks, and the fragments give fixes.
func TestSitePiecesTypeCheck(t *testing.T) {
	fixes := 0
	for i := range sitePieces {
		// Every hole takes its alt'th choice (there are at most 13).
		for alt := range 13 {
			choices := []byte{byte(alt), byte(alt + i), byte(i), byte(alt + i)}
			for range 6 {
				choices = append(choices, byte(alt))
			}
			src := buildProgram(choices)
			n, typed := checkFixes(t, []byte(src), 0)
			if !typed {
				in, _ := load([]byte(src), "")
				t.Fatalf("piece %d does not type-check: %v\n%s", i, in.typeErr, src)
			}
			fixes += n
		}
	}
	if fixes == 0 {
		t.Error("no fixes: FuzzSites would test nothing")
	}
	t.Logf("%d fixes checked", fixes)
}

// siteHeader declares what the fragments use, so that every import is
// used whatever they are.
const siteHeader = `package sites

import (
	"context"
	"crypto/tls"
	"net"
	"syscall"
	"time"
)

var (
	_ = context.Background
	_ = tls.Dial
	_ = time.Second
	_ = syscall.Socket
)

const network = "tcp"

var (
	netVar = "tcp4"
	addr   = "localhost:0"
	dur    = 3 * time.Second
	cfg    = &tls.Config{}
)

// D and LC are aliases, myDialer a defined type with net.Dialer's
// fields.
type (
	D        = net.Dialer
	LC       = net.ListenConfig
	myDialer net.Dialer
)

type embedded struct {
	net.Dialer
	n int
}

type embeddedPtr struct {
	*net.Dialer
}

type holder struct {
	d  *net.Dialer
	lc net.ListenConfig
}

type recv struct{ d net.Dialer }

func dialWith[T any, PT interface {
	*T
	Dial(network, address string) (net.Conn, error)
}](network, address string) (net.Conn, error) {
	var d T
	return PT(&d).Dial(network, address)
}

func dialerOf[T net.Dialer | myDialer](d T) net.Dialer { return net.Dialer(d) }
`

// funcShapes are the functions the fragments go in; %s is the body.
// Each has ctx and conn in scope and returns an error as err.
var funcShapes = []string{
	"func f%d(ctx context.Context, conn net.Conn) error {\n%s\treturn nil\n}\n",
	"func f%d[T any](ctx context.Context, conn net.Conn, _ T) error {\n%s\treturn nil\n}\n",
	"func (r *recv) f%d(ctx context.Context, conn net.Conn) error {\n%s\treturn nil\n}\n",
	"func f%d(ctx context.Context, conn net.Conn) (err error) {\n%s\treturn\n}\n",
	"func f%d(ctx context.Context, conn net.Conn) error {\n\treturn func() error {\n%s\treturn nil\n\t}()\n}\n",
	"var f%d = func(ctx context.Context, conn net.Conn) error {\n%s\treturn nil\n}\n",
}

// bodyShapes are the statements a fragment goes in; %s is the
// fragment.
var bodyShapes = []string{
	"%s",
	"{\n%s}\n",
	"if ctx != nil {\n%s}\n",
	"for range 1 {\n%s}\n",
	"switch {\ncase ctx != nil:\n%s}\n",
	"select {\ncase <-ctx.Done():\n%sdefault:\n}\n",
	"if err := func() error {\n%sreturn nil\n}(); err != nil {\nreturn err\n}\n",
	"go func() error {\n%sreturn nil\n}()\n",
}

// sitePieces are the fragments: $i is the fragment's number, the
// other $ words are holes (holes).
var sitePieces = []string{
	"c$i, err := net.Dial($N, $A)\nif err != nil {\nreturn err\n}\n_ = c$i\n",
	"c$i, err := net.DialTimeout($N, $A, $T)\nif err != nil {\nreturn err\n}\ndefer c$i.Close()\n",
	"d$i := $D\nc$i, err := d$i.Dial($N, $A)\nif err != nil {\nreturn err\n}\n_ = c$i\n",
	"d$i := $PD\nf$i := d$i.DialContext\n_, _ = f$i($C, $N, $A)\n",
	"var d$i net.Dialer\n_, _ = d$i.DialContext($C, $N, $A)\n",
	"ln$i, err := net.Listen($N, $A)\nif err != nil {\nreturn err\n}\nln$i.Close()\n",
	"lc$i := $LC\nln$i, err := lc$i.Listen($C, $N, $A)\nif err != nil {\nreturn err\n}\n_ = ln$i\n",
	"ln$i, err := net.ListenTCP($N, nil)\nif err != nil {\nreturn err\n}\nfor {\nc, err := ln$i.Accept()\nif err != nil {\nreturn err\n}\n_ = c\nbreak\n}\n",
	"c$i, err := net.DialTCP($N, nil, nil)\nif err != nil {\nreturn err\n}\n_ = c$i\n",
	"c$i, err := tls.Dial($N, $A, $G)\nif err != nil {\nreturn err\n}\n_ = c$i\n",
	"td$i := &tls.Dialer{Config: $G}\n_, _ = td$i.Dial($N, $A)\n",
	"td$i := tls.Dialer{nil, $G}\n_, _ = td$i.DialContext($C, $N, $A)\n",
	"e$i := embedded{Dialer: $D}\n_, _ = e$i.Dial($N, $A)\n",
	"e$i := &embeddedPtr{$PD}\n_, _ = e$i.DialContext($C, $N, $A)\n",
	"d$i := new(net.Dialer)\n_, _ = d$i.Dial($N, $A)\n",
	"if tc$i, ok := conn.(*net.TCPConn); ok {\n$K\n}\n",
	"ln$i, err := tls.Listen($N, $A, $G)\nif err != nil {\nreturn err\n}\n_ = ln$i\n",
	"c$i, err := dialWith[net.Dialer]($N, $A)\nif err != nil {\nreturn err\n}\n_ = c$i\n",
	"fd$i, err := syscall.Socket(syscall.AF_INET, $S, 0)\nif err != nil {\nreturn err\n}\nsyscall.Close(fd$i)\n",
	"_ = syscall.SetsockoptInt(0, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 0)\n",
	"ds$i := []net.Dialer{{}, {Timeout: $T}}\n_, _ = ds$i[0].Dial($N, $A)\n",
	"m$i := map[string]*net.Dialer{\"a\": {}}\n_, _ = m$i[\"a\"].Dial($N, $A)\n",
	"h$i := holder{d: $PD, lc: $LC}\n_, _ = h$i.d.Dial($N, $A)\n_, _ = h$i.lc.Listen($C, $N, $A)\n",
	"d$i := $D\nd$i.KeepAlive = $T\n_, _ = d$i.Dial($N, $A)\n",
	"func() {\nc, _ := net.Dial($N, $A)\n_ = c\n}()\n",
	"defer net.Dial($N, $A)\n",
	"L$i:\nfor {\nc, err := net.Dial($N, $A)\nif err != nil {\nbreak L$i\n}\n_ = c\nbreak\n}\n",
	"var c$i, err$i = net.Dial($N, $A)\nif err$i != nil {\nreturn err$i\n}\n_ = c$i\n",
	"if c$i, err := net.Dial($N, $A); err != nil {\nreturn err\n} else {\n_ = c$i\n}\n",
	"c$i, err := (net.Dial)($N, $A)\nif err != nil {\nreturn err\n}\n_ = c$i\n",
	"dial$i := net.Dial\n_, _ = dial$i($N, $A)\n",
	"d$i := dialerOf(myDialer{})\n_, _ = d$i.Dial($N, $A)\n",
	"_, _ = (*net.Dialer).Dial($PD, $N, $A)\n",
	"_, _ = r.d.Dial($N, $A)\n",
	"var lc$i net.ListenConfig\nln$i, err := lc$i.Listen($C, $N, $A)\nif err != nil {\nreturn err\n}\n_ = ln$i\n",
	"c$i, err := ($PD).Dial($N, $A)\nif err != nil {\nreturn err\n}\n_ = c$i\n",
}

// topPieces are the package-level declarations that the program may
// end with; the first is none.
var topPieces = []string{
	"",
	"var pd = $PD\n",
	"var vd net.Dialer\n",
	"var lc = $LC\n",
	"var td = tls.Dialer{Config: $G}\n",
	"var hd = holder{d: $PD}\n",
	"var ds = []net.Dialer{$D, {}}\n",
	"func init() {\n\tgo func() {\n\t\tc, _ := net.Dial($N, $A)\n\t\t_ = c\n\t}()\n}\n",
	"var dialed, dialErr = net.Dial($N, $A)\n",
}

// holes are the choices for each hole: expressions of one type, or
// statements of one kind.
var holes = map[string][]string{
	"$D": { // a net.Dialer
		"net.Dialer{}", "(net.Dialer{})", "net.Dialer{Timeout: $T}", "net.Dialer{KeepAlive: -1}",
		"net.Dialer{KeepAlive: $T}", "net.Dialer(myDialer{})", "D{}", "*new(net.Dialer)",
		"net.Dialer{KeepAliveConfig: net.KeepAliveConfig{Enable: false}}", "net.Dialer{\nTimeout: $T, // why\n}",
		"net.Dialer{Control: nil}", "dialerOf(net.Dialer{})", "net.Dialer{KeepAlive: -1, KeepAliveConfig: net.KeepAliveConfig{}}",
	},
	"$PD": { // a *net.Dialer
		"&net.Dialer{}", "(&net.Dialer{})", "new(net.Dialer)", "&D{}", "(*net.Dialer)(&net.Dialer{})",
		"&net.Dialer{Timeout: $T}", "&[]net.Dialer{{}}[0]", "new(D)", "(new(net.Dialer))",
	},
	"$LC": { // a net.ListenConfig
		"net.ListenConfig{}", "(net.ListenConfig{})", "net.ListenConfig{KeepAlive: -1}", "LC{}",
		"net.ListenConfig{KeepAlive: $T}", "*new(net.ListenConfig)", "net.ListenConfig{\nKeepAlive: -1,\n}",
	},
	"$N": {`"tcp"`, `("tcp")`, "network", `string("tcp6")`, "netVar", `"udp"`, `"tcp" + ""`, `"unix"`},
	"$A": {`"localhost:0"`, "addr", `("x:1")`},
	"$C": {"ctx", "context.Background()", "(ctx)"},
	"$T": {"time.Second", "5 * time.Second", "-1", "0", "dur", "(time.Minute)"},
	"$G": {"nil", "&tls.Config{}", "cfg"},
	"$S": {"syscall.SOCK_STREAM", "syscall.SOCK_STREAM | syscall.SOCK_CLOEXEC", "(syscall.SOCK_STREAM)", "syscall.SOCK_DGRAM"},
	"$K": { // statements on tc$i, a *net.TCPConn
		"tc$i.SetKeepAlive(false)", "(tc$i.SetKeepAlive)(false)", "(*net.TCPConn).SetKeepAlive(tc$i, false)",
		"_ = tc$i.SetKeepAliveConfig(net.KeepAliveConfig{Enable: false})", "set := tc$i.SetKeepAlive\n_ = set(false)",
		"_ = tc$i.SetKeepAlive(true)",
	},
}

// holeNames are the holes, longest first, so that $PD is not read as
// $P and D.
var holeNames = []string{"$PD", "$LC", "$D", "$N", "$A", "$C", "$T", "$G", "$S", "$K"}

// A chooser reads choices one byte at a time; past the end, every
// choice is the first.
type chooser struct {
	choices []byte
	next    int
}

func (c *chooser) pick(n int) int {
	if c.next >= len(c.choices) {
		return 0
	}
	b := c.choices[c.next]
	c.next++
	return int(b) % n
}

// maxPieces bounds a program's fragments.
const maxPieces = 6

// buildProgram builds the program that choices pick: the shape of the
// function, the package-level declaration, then for each fragment the
// fragment and the shape of its statement, with one choice per hole
// as it comes.
func buildProgram(choices []byte) string {
	c := &chooser{choices: choices}
	fn := funcShapes[c.pick(len(funcShapes))]
	top := fillHoles(c, topPieces[c.pick(len(topPieces))], 0)
	var body strings.Builder
	for i := 0; i < maxPieces && (i == 0 || c.next < len(c.choices)); i++ {
		piece := sitePieces[c.pick(len(sitePieces))]
		shape := bodyShapes[c.pick(len(bodyShapes))]
		if strings.HasPrefix(piece, "_, _ = r.d.") && !strings.HasPrefix(fn, "func (r") {
			piece = "_ = 0\n" // r is the receiver of methods alone
		}
		if strings.HasPrefix(shape, "go ") && strings.HasPrefix(piece, "defer") {
			shape = "%s"
		}
		body.WriteString(fmt.Sprintf(shape, fillHoles(c, piece, i)))
	}
	return siteHeader + "\n" + fmt.Sprintf(fn, 0, body.String()) + top
}

// fillHoles replaces piece's holes with the choices, and $i with n.
func fillHoles(c *chooser, piece string, n int) string {
	for depth := 0; depth < 3; depth++ {
		var out strings.Builder
		for rest := piece; rest != ""; {
			i := strings.IndexByte(rest, '$')
			if i < 0 {
				out.WriteString(rest)
				break
			}
			out.WriteString(rest[:i])
			rest = rest[i:]
			hole := ""
			for _, h := range holeNames {
				if strings.HasPrefix(rest, h) {
					hole = h
					break
				}
			}
			if hole == "" {
				out.WriteString(rest[:1])
				rest = rest[1:]
				continue
			}
			alts := holes[hole]
			out.WriteString(alts[c.pick(len(alts))])
			rest = rest[len(hole):]
		}
		piece = out.String()
	}
	return strings.ReplaceAll(piece, "$i", fmt.Sprint(n))
}
