package gatelib

import (
	"context"
	"net"
)

// Dial connects to addr.
func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // fix `switched by the exported variable TCPKeepAlive \(a library registers no flags\)` // want `net.Dial relies on Go's implicit keepalive`
}

// Listen listens on addr.
func Listen(ctx context.Context, addr string) (net.Listener, error) {
	var lc net.ListenConfig // want `net.ListenConfig declared without a value relies on`
	return lc.Listen(ctx, "tcp", addr)
}

// DialTCP connects to raddr.
func DialTCP(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		return nil, err
	}
	return c, nil
}
