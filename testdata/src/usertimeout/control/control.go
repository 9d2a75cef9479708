// Package control has Dialers and ListenConfigs that already set a
// Control or ControlContext function: the fix keeps it and chains the
// option setter after it.
package control

import (
	"context"
	"net"
	"syscall"
)

// markSocket stands for a project's own Control function.
func markSocket(network, address string, c syscall.RawConn) error {
	return c.Control(func(fd uintptr) {})
}

func withControl(addr string) (net.Conn, error) {
	d := &net.Dialer{Control: markSocket} // want `net.Dialer relies on Go's implicit keepalive`
	return d.Dial("tcp", addr)
}

func withControlContext(ctx context.Context, addr string) (net.Conn, error) {
	d := net.Dialer{ // want `net.Dialer relies on Go's implicit keepalive`
		ControlContext: func(ctx context.Context, network, address string, c syscall.RawConn) error {
			return markSocket(network, address, c)
		},
	}
	return d.DialContext(ctx, "tcp", addr)
}

// Both set: Go calls ControlContext only, so that is the one chained.
func withBoth(ctx context.Context, addr string) (net.Conn, error) {
	d := net.Dialer{ // want `net.Dialer relies on Go's implicit keepalive`
		Control: markSocket,
		ControlContext: func(ctx context.Context, network, address string, c syscall.RawConn) error {
			return nil
		},
	}
	return d.DialContext(ctx, "tcp", addr)
}

func listenControl(ctx context.Context, addr string) (net.Listener, error) {
	lc := net.ListenConfig{Control: markSocket} // want `net.ListenConfig relies on Go's implicit keepalive`
	return lc.Listen(ctx, "tcp", addr)
}

// A local c and network in scope: the chained function's parameters
// must not capture what the old Control refers to.
func shadowed(addr string) (net.Conn, error) {
	c, network := 3, "tcp"
	d := &net.Dialer{Control: func(n, a string, rc syscall.RawConn) error { _ = c; return markSocket(network, a, rc) }} // want `net.Dialer relies on Go's implicit keepalive`
	return d.Dial("tcp", addr)
}
