// Package funcvalue uses net's and tls's dial and listen functions as
// values: every connection made through them relies on Go's implicit
// keepalive.
package funcvalue

import (
	"crypto/tls"
	"net"
	"time"
)

type Conn struct {
	dialer func(network, address string, timeout time.Duration) (net.Conn, error)
}

func newConn() *Conn {
	return &Conn{dialer: net.DialTimeout} // want `net.DialTimeout used as a function value with a non-constant network relies on Go's implicit keepalive`
}

type Options struct {
	Dial   func(network, address string) (net.Conn, error)
	Listen func(network, address string) (net.Listener, error)
	TLS    func(network, addr string, config *tls.Config) (*tls.Conn, error)
}

// (One value per literal: fixes of neighbouring aligned fields
// re-align each other's lines, so they conflict and kafix applies them
// in two passes; analysistest applies all at once.)
var defaults = Options{
	Dial: net.Dial, // want `net.Dial used as a function value`
}

var listen = Options{Listen: net.Listen} // want `net.Listen used as a function value`

var secure = Options{TLS: tls.Dial} // want `tls.Dial used as a function value`

func listener() func(string, string) (net.Listener, error) {
	return net.Listen // want `net.Listen used as a function value`
}

// A call is a site of its own kind, not a function value.
func call(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}
