package dial

import (
	"context"
	"net"
)

// dialThenTune sets keepalive on the connection the Dialer dials: the
// Dialer is covered, not a site.
func dialThenTune(ctx context.Context, addr string) (net.Conn, error) {
	nd := net.Dialer{}
	c, err := nd.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	c.(*net.TCPConn).SetKeepAlive(true)
	return c, nil
}

// listenThenTune sets keepalive on every connection the ListenConfig's
// listener accepts: covered.
func listenThenTune(ctx context.Context, addr string) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		tc := c.(*net.TCPConn)
		tc.SetKeepAlive(true)
	}
}

// keptConn keeps a connection in a field, as gnet's stream conn does.
type keptConn struct{ nc net.Conn }

func keep(nc net.Conn) *keptConn { return &keptConn{nc: nc} }

// SetKeepAlive sets keepalive on the kept connection.
func (k *keptConn) SetKeepAlive(on bool) error {
	if tc, ok := k.nc.(*net.TCPConn); ok {
		return tc.SetKeepAlive(on)
	}
	return nil
}

// dialThenWrap sets keepalive on the wrapper that keeps the
// connection, behind an option: covered.
func dialThenWrap(addr string, on bool) (*keptConn, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	k := keep(nc)
	if on {
		if err := k.SetKeepAlive(true); err != nil {
			return nil, err
		}
	}
	return k, nil
}

// dialThenWrapOnly wraps and decides nothing: a site.
func dialThenWrapOnly(addr string) (*keptConn, error) {
	nc, err := net.Dial("tcp", addr) // want `net.Dial relies on`
	if err != nil {
		return nil, err
	}
	return keep(nc), nil
}

// dialFor and dialForVar return their connections to a caller that
// turns keepalive on for each: covered.
func dialFor(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}

func dialForVar(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return c, nil
}

func useDialFor(addr string) (net.Conn, net.Conn, error) {
	c, err := dialFor(addr)
	if err != nil {
		return nil, nil, err
	}
	c.(*net.TCPConn).SetKeepAlive(true)
	c2, err := dialForVar(addr)
	if err != nil {
		return nil, nil, err
	}
	if tc, ok := c2.(*net.TCPConn); ok {
		tc.SetKeepAlive(true)
	}
	return c, c2, nil
}

// dialForSome has a caller that decides nothing: a site.
func dialForSome(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}

func useDialForSome(addr string) (net.Conn, net.Conn, error) {
	c, err := dialForSome(addr)
	if err != nil {
		return nil, nil, err
	}
	c.(*net.TCPConn).SetKeepAlive(true)
	c2, err := dialForSome(addr)
	return c, c2, err
}

// DialExported may be called by importers: a site.
func DialExported(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr) // want `net.Dial relies on`
	if err != nil {
		return nil, err
	}
	return c, nil
}

func useDialExported(addr string) error {
	c, err := DialExported(addr)
	if err != nil {
		return err
	}
	return c.(*net.TCPConn).SetKeepAlive(true)
}
