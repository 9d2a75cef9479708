package setterplace

import "net"

// Dial connects to addr.
func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}
