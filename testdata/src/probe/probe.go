// Package probe dials only to learn whether a server is up: a
// connection that is only closed, or asked its addresses, carries no
// data, so no keepalive policy can matter to it and its dial is no
// site. Just across the line, a connection that is written to, handed
// on, returned or stored is one.
package probe

import (
	"context"
	"crypto/tls"
	"net"
	"time"
)

// Probes: no site.

// available is go-sql-driver/mysql's test setup: is the server up?
func available(addr string) bool {
	c, err := net.Dial("tcp", addr)
	if err == nil {
		c.Close()
		return true
	}
	return false
}

func deferClose(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	return nil
}

func remoteAddrThenClose(addr string) string {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return ""
	}
	s := c.RemoteAddr().String() + " from " + c.LocalAddr().String()
	c.Close()
	return s
}

func comparedWithNil(addr string) bool {
	c, err := net.Dial("tcp", addr)
	if c != nil {
		c.Close()
	}
	return err == nil
}

// discarded leaks the connection, but nothing reads or writes it.
func discarded(addr string) bool {
	_, err := net.Dial("tcp", addr)
	return err == nil
}

// waitUp is gomemcache's test loop: dial until the server answers.
func waitUp(addr string) {
	for i := 0; i < 10; i++ {
		nc, err := net.Dial("tcp", addr)
		if err == nil {
			nc.Close()
			break
		}
		time.Sleep(time.Duration(25*i) * time.Millisecond)
	}
}

func dialTCP(raddr *net.TCPAddr) error {
	c, err := net.DialTCP("tcp", nil, raddr)
	if err != nil {
		return err
	}
	return c.Close()
}

func asserted(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.Close()
	}
}

func tlsHandshake(addr string, cfg *tls.Config) error {
	c, err := tls.Dial("tcp", addr, cfg)
	if err != nil {
		return err
	}
	return c.Close()
}

func dialer(ctx context.Context, addr string) bool {
	d := net.Dialer{Timeout: time.Second}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return false
	}
	defer c.Close()
	return true
}

func zeroDialer(addr string) bool {
	var d net.Dialer
	if _, err := d.Dial("tcp", addr); err != nil {
		return false
	}
	return true
}

// portFree listens only to see whether the port is taken: the
// listener is never accepted on.
func portFree(ctx context.Context, addr string) bool {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

// Sites: the connection carries data, or may elsewhere.

func closeAndWrite(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net.Dial relies on`
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte("PING\r\n"))
	return err
}

func handedOn(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net.Dial relies on`
	if err != nil {
		return err
	}
	defer c.Close()
	return greet(c)
}

func greet(c net.Conn) error {
	_, err := c.Write([]byte("HELLO\r\n"))
	return err
}

func returned(addr string) (net.Conn, error) {
	c, err := net.DialTimeout("tcp", addr, time.Second) // want `net.DialTimeout relies on`
	if err != nil {
		return nil, err
	}
	return c, nil
}

type client struct{ conn net.Conn }

func (cl *client) stored(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net.Dial relies on`
	if err != nil {
		return err
	}
	cl.conn = c
	return nil
}

func methodValue(addr string) (func([]byte) (int, error), error) {
	c, err := net.Dial("tcp", addr) // want `net.Dial relies on`
	if err != nil {
		return nil, err
	}
	return c.Write, nil
}

// namedResult only asks its connection's address, but a bare return
// hands it to the caller: a variable the call did not define may be
// used where the rule cannot see.
func namedResult(addr string) (c net.Conn, err error) {
	c, err = net.Dial("tcp", addr) // want `net.Dial relies on`
	if err != nil {
		return
	}
	_ = c.RemoteAddr()
	return
}

func assertedThenReturned(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		return nil, err
	}
	tc := c
	return tc, nil
}

// probeAndUse probes once and dials again for data: the Dialer is a
// site for the second.
func probeAndUse(ctx context.Context, addr string) error {
	d := net.Dialer{Timeout: time.Second} // want `net.Dialer relies on`
	p, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	p.Close()
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return greet(c)
}

// disabledProbe turns keepalive off for a probe: the disable stays a
// site, whose message says it looks deliberate.
func disabledProbe(addr string) bool {
	d := net.Dialer{KeepAlive: -1} // want `net.Dialer with a negative KeepAlive`
	c, err := d.Dial("tcp", addr)
	if err != nil {
		return false
	}
	c.Close()
	return true
}
