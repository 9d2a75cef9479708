package tlssite

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
)

func dial(addr string, cfg *tls.Config) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, cfg) // want `tls.Dial relies on Go's implicit keepalive`
}

func dialer(ctx context.Context, addr string) (net.Conn, error) {
	d := &tls.Dialer{Config: &tls.Config{}} // want `tls.Dialer without a NetDialer relies on`
	return d.DialContext(ctx, "tcp", addr)
}

func listen(ctx context.Context, addr string, cfg *tls.Config) (net.Listener, error) {
	ln, err := tls.Listen("tcp", addr, cfg) // want `tls.Listen relies on`
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	return ln, nil
}

// The net.Dialer is the site, not the tls.Dialer that holds it.
func netDialer(ctx context.Context, addr string) (net.Conn, error) {
	d := &tls.Dialer{NetDialer: &net.Dialer{}} // want `net.Dialer relies on`
	return d.DialContext(ctx, "tcp", addr)
}

func withDialer(addr string) (*tls.Conn, error) {
	return tls.DialWithDialer(&net.Dialer{}, "tcp", addr, nil) // want `net.Dialer relies on`
}

// A tls.Dialer declared without a value, or made with new, dials with
// a zero net.Dialer too.
func varDialer(ctx context.Context, addr string) (net.Conn, error) {
	var d tls.Dialer // want `tls.Dialer declared without a value relies on`
	return d.DialContext(ctx, "tcp", addr)
}

func newDialer(ctx context.Context, addr string) (net.Conn, error) {
	d := new(tls.Dialer) // want `new\(tls.Dialer\) relies on`
	return d.DialContext(ctx, "tcp", addr)
}

// One that gets its NetDialer later, or a nil pointer, is no site.
func varDialerGetsNetDialer(ctx context.Context, addr string, nd *net.Dialer) (net.Conn, error) {
	var d tls.Dialer
	d.NetDialer = nd
	return d.DialContext(ctx, "tcp", addr)
}

func pointerDialer(ctx context.Context, addr string, given *tls.Dialer) (net.Conn, error) {
	var d *tls.Dialer
	d = given
	return d.DialContext(ctx, "tcp", addr)
}

// One that dials a unix socket is no site either.
func varDialerUnix(ctx context.Context, path string) (net.Conn, error) {
	var d tls.Dialer
	return d.DialContext(ctx, "unix", path)
}

var sharedDialer tls.Dialer // want `tls.Dialer declared without a value relies on`

func dialShared(ctx context.Context, addr string) (net.Conn, error) {
	return sharedDialer.DialContext(ctx, "tcp", addr)
}
