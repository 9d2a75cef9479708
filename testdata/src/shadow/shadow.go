package shadow

import (
	stdnet "net"

	"example.com/go-time"
)

var _ = time.Now

// time here is the package example.com/go-time: the fix must import
// the standard library's time under another name.
func dial(addr string) (stdnet.Conn, error) {
	return stdnet.Dial("tcp", addr) // want `net.Dial relies on`
}

// A local variable named net shadows nothing here: the file imports
// net as stdnet.
func local(addr string) (stdnet.Conn, error) {
	net := "tcp"
	_ = net
	return stdnet.Dial("tcp", addr) // want `net.Dial relies on`
}
