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
