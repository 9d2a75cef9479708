package dotimport

import (
	. "net"
	stdtime "time"
)

func dial(addr string) (Conn, error) {
	return Dial("tcp", addr) // want `net.Dial relies on`
}

func dialer(addr string) (Conn, error) {
	d := &Dialer{Timeout: stdtime.Second} // want `net.Dialer relies on`
	return d.Dial("tcp", addr)
}
