package twofiles

import "net"

// Dial dials addr.
func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}
