// Package dialerfield holds zero net.Dialers and net.ListenConfigs in // want package:"hasKeepAliveFacts"
// struct fields: the literal that leaves such a field zero is the
// site, and every connection dialed or accepted through the field
// relies on Go's implicit keepalive.
package dialerfield

import (
	"context"
	"net"
	"time"
)

// defaultDialer is lib/pq's shape: a zero Dialer in a field, dialed
// by the methods with the network their callers give. It is created
// in open.go, which does not import net.
type defaultDialer struct {
	d net.Dialer
}

func (d defaultDialer) Dial(network, address string) (net.Conn, error) {
	return d.d.Dial(network, address)
}

func (d defaultDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	return d.d.DialContext(ctx, network, address)
}

// pgDialer has other fields; a literal that keys them and not d
// leaves d zero.
type pgDialer struct {
	d       net.Dialer
	timeout time.Duration
}

func (p *pgDialer) connect(ctx context.Context, addr string) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	return p.d.DialContext(ctx, "tcp", addr)
}

func newPG() *pgDialer {
	return &pgDialer{timeout: 5 * time.Second} // want `pgDialer's zero net.Dialer d relies on Go's implicit keepalive`
}

// A literal written over lines gets the field on a line of its own.
func newPGLines() *pgDialer {
	return &pgDialer{ // want `pgDialer's zero net.Dialer d relies on Go's implicit keepalive`
		timeout: time.Second,
	}
}

// A literal that keys d without keepalive: the Dialer's literal is the
// site, TCP by the uses of d in the rest of the package.
func newPGTimeout() *pgDialer {
	return &pgDialer{d: net.Dialer{Timeout: time.Second}} // want `net.Dialer relies on`
}

// A literal that keys d with keepalive is not a site.
func newPGKeyed() *pgDialer {
	return &pgDialer{d: net.Dialer{KeepAlive: 30 * time.Second}}
}

// myDialer embeds its Dialer and dials through the promoted method.
type myDialer struct {
	net.Dialer
}

func embedded(ctx context.Context, addr string) (net.Conn, error) {
	x := &myDialer{} // want `myDialer's zero embedded net.Dialer relies on Go's implicit keepalive`
	return x.DialContext(ctx, "tcp", addr)
}

// server listens through a ListenConfig field.
type server struct {
	lc   net.ListenConfig
	addr string
}

func (s server) serve(ctx context.Context) (net.Listener, error) {
	return s.lc.Listen(ctx, "tcp", s.addr)
}

func newServer(addr string) server {
	return server{addr: addr} // want `server's zero net.ListenConfig lc relies on Go's implicit keepalive`
}

// both leaves two fields zero: one site, one fix that keys both.
type both struct {
	d  net.Dialer
	lc net.ListenConfig
}

func (b *both) run(ctx context.Context, addr string) {
	ln, _ := b.lc.Listen(ctx, "tcp6", addr)
	c, _ := b.d.Dial("tcp4", addr)
	_, _ = ln, c
}

func newBoth() *both {
	return &both{} // want `both's zero net.Dialer d and net.ListenConfig lc relies on`
}

// A declaration without a value, or new, leaves the field zero too:
// it gains a literal that keys it.
var shared pgDialer // want `pgDialer's zero net.Dialer d relies on Go's implicit keepalive`

func declared(ctx context.Context, addr string) (net.Conn, error) {
	var p pgDialer // want `pgDialer's zero net.Dialer d relies on Go's implicit keepalive`
	return p.connect(ctx, addr)
}

func allocated(ctx context.Context, addr string) (net.Conn, error) {
	return new(pgDialer).connect(ctx, addr) // want `pgDialer's zero net.Dialer d relies on Go's implicit keepalive`
}
