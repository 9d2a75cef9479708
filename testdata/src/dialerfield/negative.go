package dialerfield

import (
	"context"
	"net"
	"time"

	"dialerfieldlib"
)

// tuned turns keepalive on for its field after creating it.
type tuned struct{ d net.Dialer }

func newTuned() *tuned {
	t := &tuned{}
	t.d.KeepAlive = 30 * time.Second
	return t
}

func (t *tuned) dial(addr string) (net.Conn, error) { return t.d.Dial("tcp", addr) }

// configured sets the whole KeepAliveConfig of its field.
type configured struct{ d net.Dialer }

func newConfigured() configured {
	c := configured{}
	c.d.KeepAliveConfig = net.KeepAliveConfig{Enable: true, Idle: 30 * time.Second}
	return c
}

func (c configured) dial(addr string) (net.Conn, error) { return c.d.Dial("tcp", addr) }

// replaced assigns its field a configured Dialer before it dials.
type replaced struct{ d net.Dialer }

func newReplaced() *replaced {
	r := &replaced{}
	r.d = net.Dialer{KeepAlive: 30 * time.Second}
	return r
}

func (r *replaced) dial(addr string) (net.Conn, error) { return r.d.Dial("tcp", addr) }

// wrapped turns keepalive on for every connection it hands out.
type wrapped struct{ d net.Dialer } // want wrapped:"keepAliveWrapper\\[d\\]"

func (w *wrapped) Dial(addr string) (net.Conn, error) {
	c, err := w.d.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	if err := c.(*net.TCPConn).SetKeepAlive(true); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func newWrapped() *wrapped { return &wrapped{} }

// unixDialer only ever dials unix sockets.
type unixDialer struct{ d net.Dialer }

func (u unixDialer) dial(path string) (net.Conn, error) { return u.d.Dial("unix", path) }

func newUnix() unixDialer { return unixDialer{} }

// A Dialer literal keyed into the field is only ever used for unix
// too, wherever in the package that is.
func newUnixTimeout() unixDialer { return unixDialer{d: net.Dialer{Timeout: time.Second}} }

// localDialer only ever dials loopback.
type localDialer struct{ d net.Dialer }

func (l localDialer) dial(ctx context.Context) (net.Conn, error) {
	return l.d.DialContext(ctx, "tcp", "127.0.0.1:5432")
}

func newLocal() localDialer { return localDialer{} }

// ptrDialer holds a pointer: its zero value is nil, and the Dialer it
// points to is created (and configured) elsewhere.
type ptrDialer struct{ d *net.Dialer }

func newPtr() *ptrDialer {
	p := &ptrDialer{}
	p.d = &net.Dialer{KeepAlive: 30 * time.Second}
	return p
}

func (p *ptrDialer) dial(addr string) (net.Conn, error) { return p.d.Dial("tcp", addr) }

// idle never dials through its field in this package.
type idle struct{ d net.Dialer }

func (i idle) timeout() time.Duration { return i.d.Timeout }

func newIdle() idle { return idle{} }

// positional gives every field, the Dialer included (its literal is a
// net.Dialer site of its own, configured here).
func positional() *pgDialer {
	return &pgDialer{net.Dialer{KeepAlive: time.Minute}, time.Second}
}

// A struct type of another package: its literal here is not a site.
func other(addr string) (net.Conn, error) {
	h := dialerfieldlib.Holder{Name: "x"}
	return h.D.Dial("tcp", addr)
}
