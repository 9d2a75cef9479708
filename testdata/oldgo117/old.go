package oldgo117

// A go1.17 module: it predates generics as well as
// net.KeepAliveConfig, so the option setter converts the fd through
// reflect, and the fixes set keepalive through it.

import "net"

func dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial relies on .*the fix turns keepalive on with 30s idle, 10s interval and 5 probes, and a 1m20s user timeout: a dead peer is noticed within 1m20s, idle or with data in flight`
}

func dialTCP(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		return nil, err
	}
	return c, nil
}
