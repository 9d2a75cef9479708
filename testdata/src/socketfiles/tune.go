package socketfiles

import "net"

// Tune turns keepalive on for c.
func Tune(c any) { // want Tune:"setsKeepAlive\\[0\\]"
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetKeepAlive(true)
	}
}
