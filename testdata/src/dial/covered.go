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
