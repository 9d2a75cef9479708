package wrapperlib // want package:"hasKeepAliveFacts"

// A keepalive wrapper and a function that makes one, for another
// package's listeners (gost v3's internal/net).

import "net"

// KeepAliveListener turns keepalive on for every connection it
// accepts.
type KeepAliveListener struct { // want KeepAliveListener:"keepAliveWrapper\\[Listener\\]"
	net.Listener
	Config net.KeepAliveConfig
}

func (l *KeepAliveListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetKeepAliveConfig(l.Config)
	}
	return conn, nil
}

// Wrap wraps ln in a KeepAliveListener.
func Wrap(ln net.Listener, cfg net.KeepAliveConfig) net.Listener { // want Wrap:"setsKeepAlive\\[0\\]"
	return &KeepAliveListener{Listener: ln, Config: cfg}
}

// NoDelayListener configures something else than keepalive.
type NoDelayListener struct {
	net.Listener
}

func (l *NoDelayListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetNoDelay(true)
	}
	return conn, nil
}

// WrapNoDelay wraps ln in a NoDelayListener.
func WrapNoDelay(ln net.Listener) net.Listener {
	return &NoDelayListener{Listener: ln}
}
