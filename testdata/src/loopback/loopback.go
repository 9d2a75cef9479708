// Package loopback dials and listens on loopback addresses: when a
// loopback peer dies, the kernel closes the connection at once, so
// these are not sites unless -loopback asks for them.
package loopback

import (
	"context"
	"net"
)

func local() (net.Conn, error) {
	return net.Dial("tcp", "127.0.0.1:6379") // want `net.Dial relies on Go's implicit keepalive`
}

func localhost() (net.Conn, error) {
	return net.Dial("tcp", "localhost:5432") // want `net.Dial relies on Go's implicit keepalive`
}

func six() (net.Listener, error) {
	return net.Listen("tcp6", "[::1]:0") // want `net.Listen relies on Go's implicit keepalive`
}

func variable() (net.Conn, error) {
	addr := "127.0.0.2:80"
	return net.Dial("tcp", addr) // want `net.Dial relies on Go's implicit keepalive`
}

func dialer(ctx context.Context) (net.Conn, error) {
	d := &net.Dialer{} // want `net.Dialer relies on Go's implicit keepalive`
	return d.DialContext(ctx, "tcp", "localhost:80")
}

// remote dials another host: a site, with or without -loopback.
func remote() (net.Conn, error) {
	return net.Dial("tcp", "db.example.com:5432") // want `net.Dial relies on Go's implicit keepalive`
}

// mixed is a Dialer used for loopback and for another host: a site.
func mixed(ctx context.Context, host string) (net.Conn, error) {
	d := &net.Dialer{} // want `net.Dialer relies on Go's implicit keepalive`
	if host == "" {
		return d.DialContext(ctx, "tcp", "127.0.0.1:80")
	}
	return d.DialContext(ctx, "tcp", host)
}
