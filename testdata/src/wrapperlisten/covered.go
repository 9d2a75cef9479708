package wrapperlisten // want package:"hasKeepAliveFacts"

// Listeners and Dialers put into a wrapper whose own Accept or Dial
// turns keepalive on for every connection it hands out: covered.

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"time"

	"wrapperlib"
)

// tcpKeepAliveListener is net/http's old wrapper, as gost v2 has it.
type tcpKeepAliveListener struct { // want tcpKeepAliveListener:"keepAliveWrapper\\[TCPListener\\]"
	*net.TCPListener
}

func (ln tcpKeepAliveListener) Accept() (c net.Conn, err error) {
	tc, err := ln.AcceptTCP()
	if err != nil {
		return
	}
	tc.SetKeepAlive(true)
	tc.SetKeepAlivePeriod(3 * time.Minute)
	return tc, nil
}

type outerListener struct {
	net.Listener
}

func listenTCP(addr string) (net.Listener, error) {
	laddr, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return nil, err
	}
	ln, err := net.ListenTCP("tcp", laddr)
	if err != nil {
		return nil, err
	}
	return &outerListener{Listener: tcpKeepAliveListener{ln}}, nil
}

func listenTLS(addr string, cfg *tls.Config) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	ln = tls.NewListener(tcpKeepAliveListener{ln.(*net.TCPListener)}, cfg)
	return ln, nil
}

func serve(srv *http.Server, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return srv.Serve(tcpKeepAliveListener{TCPListener: ln.(*net.TCPListener)})
}

// keepaliveListener is gost v3's: a pointer receiver, a configuration
// field, the assertion in the if.
type keepaliveListener struct { // want keepaliveListener:"keepAliveWrapper\\[Listener\\]"
	net.Listener
	cfg net.KeepAliveConfig
}

func (l *keepaliveListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetKeepAliveConfig(l.cfg)
	}
	return conn, nil
}

func wrapKeepalive(ln net.Listener, cfg net.KeepAliveConfig) net.Listener { // want wrapKeepalive:"setsKeepAlive\\[0\\]"
	return &keepaliveListener{Listener: ln, cfg: cfg}
}

// listenBehindOption wraps the listener when an option asks for it: a
// decision too.
func listenBehindOption(addr string, keepalive bool, idle time.Duration) (net.Listener, error) {
	lc := net.ListenConfig{}
	ln, err := lc.Listen(context.Background(), "tcp", addr)
	if err != nil {
		return nil, err
	}
	if keepalive {
		ln = wrapKeepalive(ln, net.KeepAliveConfig{Enable: true, Idle: idle})
	}
	return ln, nil
}

// namedField holds its listener in a named field; the copy and the
// assertion come in separate statements.
type namedField struct { // want namedField:"keepAliveWrapper\\[inner\\]"
	inner net.Listener
}

func (l namedField) Accept() (net.Conn, error) {
	c, err := l.inner.Accept()
	if err != nil {
		return c, err
	}
	tc, ok := c.(*net.TCPConn)
	if ok {
		tc.SetKeepAlive(true)
	}
	return c, nil
}

func listenNamed(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return namedField{inner: ln}, nil
}

// Another package's wrapper, by its type and through its function.

func listenLibType(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &wrapperlib.KeepAliveListener{Listener: ln, Config: net.KeepAliveConfig{Enable: true}}, nil
}

func listenLibFunc(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return wrapperlib.Wrap(ln, net.KeepAliveConfig{Enable: true}), nil
}

// keepAliveDialer holds a Dialer and configures what it dials, on
// both of its dial methods.
type keepAliveDialer struct { // want keepAliveDialer:"keepAliveWrapper\\[d\\]"
	d *net.Dialer
}

func (k *keepAliveDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := k.d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetKeepAlive(true)
	}
	return c, nil
}

func (k *keepAliveDialer) Dial(network, addr string) (net.Conn, error) {
	return k.DialContext(context.Background(), network, addr)
}

func newDialer(timeout time.Duration) *keepAliveDialer {
	return &keepAliveDialer{d: &net.Dialer{Timeout: timeout}}
}

func dialThrough(addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: time.Second}
	kd := &keepAliveDialer{d}
	return kd.Dial("tcp", addr)
}

func (l namedField) Addr() net.Addr { return l.inner.Addr() }
func (l namedField) Close() error   { return l.inner.Close() }
