package oldgo // want package:"hasKeepAliveFacts"

// A go1.22 module: net.KeepAliveConfig does not exist for it, so the
// fixes set KeepAlive and SetKeepAlivePeriod.

import (
	"net"
	"time"
)

func dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // fix `Turn keepalive on with KeepAlive 10s, the one setting before go1.23: a dead idle peer is noticed within 2m30s on any toolchain` // want `net.Dial relies on`
}

func dialer(addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: time.Second} // want `net.Dialer relies on`
	return d.Dial("tcp", addr)
}

func dialTCP(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		return nil, err
	}
	return c, nil
}

func off(c *net.TCPConn) error { // want off:"setsKeepAlive\\[0\\]"
	return c.SetKeepAlive(false) // want `SetKeepAlive\(false\) turns TCP keepalive off`
}

// A zero Dialer held in a struct field gets the old fields too.
type holder struct {
	d       net.Dialer
	timeout time.Duration
}

func (h holder) dial(addr string) (net.Conn, error) { return h.d.Dial("tcp", addr) }

func newHolder() holder {
	return holder{timeout: time.Second} // want `holder's zero net.Dialer d relies on`
}

// A listener accepted in another function listens through a
// ListenConfig with the old fields.
func listenTCP() (*net.TCPListener, error) {
	return net.ListenTCP("tcp", nil) // fix `Turn keepalive on with KeepAlive 10s` // want `net.ListenTCP relies on`
}
