package reuse

// The package has a keepalive policy of its own: the fixes use it
// rather than writing another, and their messages state its values.

import (
	"context"
	"net"
	"time"
)

// keepAlive is the project's policy.
var keepAlive = net.KeepAliveConfig{Enable: true, Idle: 45 * time.Second, Interval: 15 * time.Second, Count: 4}

func dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial relies on .*the fix turns keepalive on with the package's own policy keepAlive \(45s idle, 15s interval and 4 probes\): a dead peer is noticed within 1m45s when idle`
}

func dialer(ctx context.Context, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 5 * time.Second} // want `net.Dialer relies on .*package's own policy keepAlive`
	return d.DialContext(ctx, "tcp", addr)
}

func dialTCP(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on .*package's own policy keepAlive`
	if err != nil {
		return nil, err
	}
	return c, nil
}

// shadowed has a local keepAlive that hides the package's: the fix
// writes its own values.
func shadowed(addr string) (net.Conn, error) {
	keepAlive := 3
	_ = keepAlive
	return net.Dial("tcp", addr) // want `net.Dial relies on .*the fix turns keepalive on with 30s idle, 10s interval and 5 probes: a dead peer is noticed within 1m20s when idle`
}
