package target

import (
	"crypto/tls"
	"net"
	"time"
)

// More kinds of site, each reported by every driver in the same words
// (TestSameMessageEveryDriver) and fixed by golangci-lint --fix.

// DialTCP configures the connection after its error check.
func DialTCP(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// DialWithTimeout becomes a Dialer with a timeout.
func DialWithTimeout(addr string) (net.Conn, error) {
	return net.DialTimeout("tcp", addr, 5*time.Second)
}

// NewListenConfig says nothing about keepalive.
func NewListenConfig() *net.ListenConfig {
	return &net.ListenConfig{}
}

// NoKeepAlive turns keepalive off.
func NoKeepAlive() *net.Dialer {
	return &net.Dialer{KeepAlive: -1}
}

// DialAny may dial TCP: its network is not a constant.
func DialAny(network, addr string) (net.Conn, error) {
	return net.Dial(network, addr)
}

// DialTLS relies on Go's implicit keepalive under TLS.
func DialTLS(addr string) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, nil)
}

// Serve configures each accepted connection.
func Serve(laddr *net.TCPAddr) error {
	l, err := net.ListenTCP("tcp", laddr)
	if err != nil {
		return err
	}
	for {
		c, err := l.AcceptTCP()
		if err != nil {
			return err
		}
		_ = c.Close()
	}
}

// DialIgnored is not a site for any driver: a directive silences it.
func DialIgnored(addr string) (net.Conn, error) {
	//kafix:ignore the caller sets keepalive on the connection
	return net.Dial("tcp", addr)
}
