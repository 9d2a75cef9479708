package helperuse

import (
	"crypto/tls"
	"net"

	"helper"
)

func tuned(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	helper.Tune(c)
	return c, nil
}

func control(addr string) (net.Conn, error) {
	d := net.Dialer{Control: helper.Control}
	return d.Dial("tcp", addr)
}

func configured(addr string) (net.Conn, error) {
	var d net.Dialer
	helper.ConfigureDialer(&d)
	return d.Dial("tcp", addr)
}

func untouched(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr) // want `net.Dial relies on`
	if err != nil {
		return nil, err
	}
	return c, nil
}

// served: every connection the listener gets goes through the
// server's accept loop, which decides keepalive behind its option.
func served(s *helper.Server, addr string) error {
	ln, err := net.Listen("tcp4", addr)
	if err != nil {
		return err
	}
	return s.Serve(ln)
}

// enrolled: the client takes the connection over and decides its
// keepalive on the fd.
func enrolled(cl *helper.Client, addr string) (int, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return -1, err
	}
	return cl.Enroll(c)
}

// notServed: the listener is only closed by the helper, never served.
func notServed(addr string) error {
	ln, err := net.Listen("tcp4", addr) // want `net.Listen relies on`
	if err != nil {
		return err
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return nil
}

// servedTLS: the TLS listener's connections are not what the server's
// accept loop configures (fasthttp's ListenAndServeTLS).
func servedTLS(s *helper.Server, addr string, cfg *tls.Config) error {
	ln, err := net.Listen("tcp4", addr) // want `net.Listen relies on`
	if err != nil {
		return err
	}
	return s.ServeTLS(ln, cfg)
}
