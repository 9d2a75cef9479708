// Package netlocal keeps its networks in local variables that are only
// ever assigned constants: they count as those constants.
package netlocal

import (
	"context"
	"net"
	"net/netip"
)

func unixSocket(path string) (net.Listener, error) {
	network, address := "unix", path
	return net.Listen(network, address)
}

func udp(addr string) (net.Conn, error) {
	var network = "udp"
	return net.Dial(network, addr)
}

func either(addr string, stream bool) (net.Conn, error) {
	network := "udp"
	if stream {
		network = "tcp"
	}
	return net.Dial(network, addr) // want `net.Dial relies on Go's implicit keepalive`
}

// A network that comes from elsewhere may be TCP.
func param(network, addr string) (net.Conn, error) {
	return net.Dial(network, addr) // want `net.Dial with a non-constant network`
}

// Go 1.26's Dialer.DialUDP never makes a TCP connection: that Dialer
// is not a site; one used with DialTCP is.
func dialUDP(ctx context.Context, raddr netip.AddrPort) (*net.UDPConn, error) {
	var d net.Dialer
	return d.DialUDP(ctx, "udp", netip.AddrPort{}, raddr)
}

func dialTCP(ctx context.Context, raddr netip.AddrPort) (*net.TCPConn, error) {
	var d net.Dialer // want `net.Dialer declared without a value relies on Go's implicit keepalive`
	return d.DialTCP(ctx, "tcp", netip.AddrPort{}, raddr)
}
