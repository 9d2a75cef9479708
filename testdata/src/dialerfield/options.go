package dialerfield

import (
	"net"
	"time"
)

// dialOptions is jlaffaye/ftp's shape: options functions fill it in,
// and one of them replaces the whole Dialer with the importer's own.
// Without that option the literal's zero Dialer dials.
type dialOptions struct {
	dialer  net.Dialer
	retries int
}

type DialOption struct{ setup func(do *dialOptions) }

// DialWithDialer hands in an importer's Dialer, a site of its own.
func DialWithDialer(dialer net.Dialer) DialOption {
	return DialOption{func(do *dialOptions) { do.dialer = dialer }}
}

func DialWithTimeout(timeout time.Duration) DialOption {
	return DialOption{func(do *dialOptions) { do.dialer.Timeout = timeout }}
}

func Dial(addr string, options ...DialOption) (net.Conn, error) {
	do := &dialOptions{} // want `dialOptions's zero net.Dialer dialer relies on Go's implicit keepalive`
	for _, option := range options {
		option.setup(do)
	}
	return do.dialer.Dial("tcp", addr)
}

// chosen's setter is exported, but the package calls it itself, with
// a configured Dialer, on every value it creates.
type chosen struct{ d net.Dialer }

func (c *chosen) SetDialer(d net.Dialer) { c.d = d }

func newChosen() *chosen {
	c := &chosen{}
	c.SetDialer(net.Dialer{KeepAlive: 30 * time.Second})
	return c
}

func (c *chosen) dial(addr string) (net.Conn, error) { return c.d.Dial("tcp", addr) }

// handed's setter is unexported: the package decides when it runs.
type handed struct{ d net.Dialer }

func (h *handed) use(d *net.Dialer) { h.d = *d }

func newHanded(d *net.Dialer) *handed {
	h := &handed{}
	h.use(d)
	return h
}

func (h *handed) dial(addr string) (net.Conn, error) { return h.d.Dial("tcp", addr) }
