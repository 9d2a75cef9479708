package connstyle_test

import (
	"net"
	"testing"
)

func TestDial(t *testing.T) {
	raddr := &net.TCPAddr{IP: net.IPv4(192, 0, 2, 1), Port: 80}
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		t.Skip(err)
	}
	c.Write([]byte("ping\n"))
	c.Close()
}
