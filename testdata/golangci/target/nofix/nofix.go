// Package nofix holds sites that kafix reports but has no fix for: every
// driver says why, in the same words.
package nofix

import "net"

// ListenTCP's connections are accepted by its callers, and its address
// may be nil: a ListenConfig would need its String.
func ListenTCP(laddr *net.TCPAddr) (*net.TCPListener, error) {
	return net.ListenTCP("tcp", laddr)
}

// DialTCP returns its connection to named results that a deferred
// function reads: a failed keepalive setting would hand it a nil.
func DialTCP(raddr *net.TCPAddr) (c net.Conn, err error) {
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	return net.DialTCP("tcp", nil, raddr)
}
