// Package target is the module that the golangci-lint test lints and
// fixes with the keepalive plugin. Never edit it in place from a test:
// the test copies it first.
package target

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

// DialTimeout uses a Dialer that says nothing about keepalive.
func DialTimeout(addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 5 * time.Second}
	return d.Dial("tcp", addr)
}

// DialUDP is not TCP: no keepalive to set.
func DialUDP(addr string) (net.Conn, error) {
	return net.Dial("udp", addr)
}

// DialConfigured already decides its keepalive policy.
func DialConfigured(addr string) (net.Conn, error) {
	d := &net.Dialer{KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 30 * time.Second, Interval: 10 * time.Second, Count: 5}}
	return d.Dial("tcp", addr)
}
