// Package drivers is the module that cmd/kafix's driver test checks and
// fixes with go vet -vettool and go fix -fixtool. The test copies it
// first: never fix it in place.
package drivers

import (
	"net"
	"time"
)

// Dial relies on Go's implicit keepalive.
func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}

// Listen relies on Go's implicit keepalive for accepted connections.
func Listen(addr string) (net.Listener, error) {
	return net.Listen("tcp", addr)
}

// NewDialer returns a Dialer that says nothing about keepalive.
func NewDialer() *net.Dialer {
	return &net.Dialer{Timeout: 5 * time.Second}
}

// DialUDP is not TCP: no keepalive to set.
func DialUDP(addr string) (net.Conn, error) {
	return net.Dial("udp", addr)
}
