package helper // want package:"hasKeepAliveFacts"

// Helpers that configure connections for other packages.

import (
	"crypto/tls"
	"errors"
	"net"
	"syscall"
	"time"
)

// Tune turns keepalive on for c.
func Tune(c net.Conn) { // want Tune:"setsKeepAlive\\[0\\]"
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetKeepAlive(true)
	}
}

// Control sets SO_KEEPALIVE, for a Dialer's Control.
func Control(network, address string, rc syscall.RawConn) error { // want Control:"setsKeepAlive\\[2\\]"
	return rc.Control(func(fd uintptr) {
		syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1)
	})
}

// ConfigureDialer sets the dialer's keepalive.
func ConfigureDialer(d *net.Dialer) { // want ConfigureDialer:"setsKeepAlive\\[0\\]"
	d.KeepAliveConfig = net.KeepAliveConfig{Enable: true}
}

// keepAliveConn is how a server names what it configures (fasthttp).
type keepAliveConn interface {
	SetKeepAlive(bool) error
	SetKeepAlivePeriod(time.Duration) error
}

// Server turns keepalive on for the connections it accepts when its
// option asks for it: a decision too.
type Server struct {
	KeepAlive       bool
	KeepAlivePeriod time.Duration
}

// Serve accepts on ln through acceptConn.
func (s *Server) Serve(ln net.Listener) error { // want Serve:"setsKeepAlive\\[0\\]"
	for {
		c, err := acceptConn(s, ln)
		if err != nil {
			return err
		}
		go c.Close()
	}
}

func acceptConn(s *Server, ln net.Listener) (net.Conn, error) { // want acceptConn:"setsKeepAlive\\[1\\]"
	c, err := ln.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(keepAliveConn); ok && s.KeepAlive {
		if err := tc.SetKeepAlive(true); err != nil {
			return nil, err
		}
		if s.KeepAlivePeriod > 0 {
			tc.SetKeepAlivePeriod(s.KeepAlivePeriod)
		}
	}
	return c, nil
}

// Client takes over connections and sets keepalive on a duplicate of
// their fd when its option asks for it (gnet's Enroll).
type Client struct{ KeepAlive time.Duration }

// Enroll takes c over.
func (cl *Client) Enroll(c net.Conn) (int, error) { // want Enroll:"setsKeepAlive\\[0\\]"
	defer c.Close()
	sc, ok := c.(syscall.Conn)
	if !ok {
		return -1, errors.New("not a syscall.Conn")
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return -1, err
	}
	var dup int
	if e := rc.Control(func(fd uintptr) { dup, err = syscall.Dup(int(fd)) }); e != nil {
		return -1, e
	}
	if err != nil {
		return -1, err
	}
	if cl.KeepAlive > 0 {
		if err := setFDKeepAlive(dup, cl.KeepAlive); err != nil {
			return -1, err
		}
	}
	return dup, nil
}

func setFDKeepAlive(fd int, idle time.Duration) error { // want setFDKeepAlive:"setsKeepAlive\\[0\\]"
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1); err != nil {
		return err
	}
	return syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL, int(idle/time.Second))
}

// ServeTLS serves ln through a TLS listener, whose *tls.Conn is no
// keepAliveConn: acceptConn's option never reaches these connections,
// and ServeTLS decides nothing.
func (s *Server) ServeTLS(ln net.Listener, cfg *tls.Config) error {
	return s.Serve(tls.NewListener(ln, cfg))
}
