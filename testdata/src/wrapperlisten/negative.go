package wrapperlisten

// Wrappers that do not configure every connection they hand out: the
// listeners and Dialers put into them are still sites.

import (
	"context"
	"net"
	"time"

	"wrapperlib"
)

// passThrough returns the raw listener's Accept as it is.
type passThrough struct {
	net.Listener
	accepted int
}

func (l *passThrough) Accept() (net.Conn, error) {
	l.accepted++
	return l.Listener.Accept()
}

func listenPassThrough(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr) // want "net.Listen relies on Go's implicit keepalive"
	if err != nil {
		return nil, err
	}
	return &passThrough{Listener: ln}, nil
}

// copied returns what it accepted, unconfigured, with its error.
type copied struct {
	net.Listener
}

func (l copied) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	return c, err
}

func listenCopied(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr) // want "net.Listen relies on Go's implicit keepalive"
	if err != nil {
		return nil, err
	}
	return copied{ln}, nil
}

// someConns returns early, before keepalive is set, on one path.
type someConns struct {
	net.Listener
	fast bool
}

func (l *someConns) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if l.fast {
		return c, nil
	}
	c.(*net.TCPConn).SetKeepAlive(true)
	return c, nil
}

func listenSome(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr) // want "net.Listen relies on Go's implicit keepalive"
	if err != nil {
		return nil, err
	}
	return &someConns{Listener: ln}, nil
}

// branchReturns sets keepalive only in a branch that returns; the
// connections of the other way are handed out as they are.
type branchReturns struct {
	ln   *net.TCPListener
	slow bool
}

func (l branchReturns) Accept() (net.Conn, error) {
	tc, err := l.ln.AcceptTCP()
	if err != nil {
		return nil, err
	}
	if l.slow {
		tc.SetKeepAlive(true)
		return tc, nil
	}
	return tc, nil
}

func listenBranch(addr *net.TCPAddr) (net.Listener, error) {
	ln, err := net.ListenTCP("tcp", addr) // want "net.ListenTCP relies on Go's implicit keepalive"
	if err != nil {
		return nil, err
	}
	return branchReturns{ln: ln}, nil
}

// twoListeners configures what it accepts from one field only.
type twoListeners struct { // want twoListeners:"keepAliveWrapper\\[main\\]"
	main, spare net.Listener
}

func (l *twoListeners) Accept() (net.Conn, error) {
	c, err := l.main.Accept()
	if err != nil {
		return nil, err
	}
	c.(*net.TCPConn).SetKeepAlive(true)
	return c, nil
}

func listenTwo(addr1, addr2 string) (net.Listener, error) {
	main, err := net.Listen("tcp", addr1)
	if err != nil {
		return nil, err
	}
	spare, err := net.Listen("tcp", addr2) // want "net.Listen relies on Go's implicit keepalive"
	if err != nil {
		return nil, err
	}
	return &twoListeners{main: main, spare: spare}, nil
}

// promoted declares Dial only: DialContext, promoted from its
// embedded Dialer, hands out connections as they are.
type promoted struct {
	*net.Dialer
}

func (p promoted) Dial(network, addr string) (net.Conn, error) {
	c, err := p.Dialer.Dial(network, addr)
	if err != nil {
		return nil, err
	}
	c.(*net.TCPConn).SetKeepAlive(true)
	return c, nil
}

func newPromoted() promoted {
	return promoted{&net.Dialer{Timeout: time.Second}} // want "net.Dialer relies on Go's implicit keepalive"
}

func usePromoted(ctx context.Context, p promoted, addr string) (net.Conn, error) {
	return p.DialContext(ctx, "tcp", addr)
}

// Another package's wrapper that sets something else.
func listenNoDelay(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr) // want "net.Listen relies on Go's implicit keepalive"
	if err != nil {
		return nil, err
	}
	return wrapperlib.WrapNoDelay(ln), nil
}

func listenNoDelayType(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr) // want "net.Listen relies on Go's implicit keepalive"
	if err != nil {
		return nil, err
	}
	return &wrapperlib.NoDelayListener{Listener: ln}, nil
}

func (l branchReturns) Addr() net.Addr { return l.ln.Addr() }
func (l branchReturns) Close() error   { return l.ln.Close() }

func (l *twoListeners) Addr() net.Addr { return l.main.Addr() }
func (l *twoListeners) Close() error   { return l.main.Close() }
