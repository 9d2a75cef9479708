package gateenvlib

import (
	"crypto/tls"
	"net"
)

// Dial connects to addr with TLS.
func Dial(addr string, cfg *tls.Config) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, cfg) // fix `tuned at run time by KEEPALIVE, KEEPIDLE, KEEPINTVL and KEEPCNT` // want `tls.Dial relies on`
}

// DialTCP connects to raddr without keepalive.
func DialTCP(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr)
	if err != nil {
		return nil, err
	}
	return c, c.SetKeepAlive(false) // want `SetKeepAlive\(false\) turns TCP keepalive off`
}
