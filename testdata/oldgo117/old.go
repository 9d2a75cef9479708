package oldgo117

// A go1.17 module: it predates generics as well as
// net.KeepAliveConfig, so the option setter converts the fd through
// reflect, and the fixes set keepalive through it.

import "net"

func dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // fix `Turn keepalive on with KeepAlive 10s, the one setting before go1.23: a dead idle peer is noticed within 2m30s on any toolchain` // want `net.Dial relies on`
}

func dialTCP(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		return nil, err
	}
	return c, nil
}
