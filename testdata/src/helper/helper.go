package helper // want package:"hasKeepAliveFacts"

// Helpers that configure connections for other packages.

import (
	"net"
	"syscall"
)

// Tune turns keepalive on for c.
func Tune(c net.Conn) { // want Tune:"setsKeepAlive\\[0\\]"
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetKeepAlive(true)
	}
}

// Control sets SO_KEEPALIVE, for a Dialer's Control.
func Control(network, address string, rc syscall.RawConn) error { // want Control:"setsKeepAlive\\[2\\]"
	return rc.Control(func(fd uintptr) {
		syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1)
	})
}

// ConfigureDialer sets the dialer's keepalive.
func ConfigureDialer(d *net.Dialer) { // want ConfigureDialer:"setsKeepAlive\\[0\\]"
	d.KeepAliveConfig = net.KeepAliveConfig{Enable: true}
}
