package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"time"
)

func dialTimeout(addr string) (net.Conn, error) {
	return net.DialTimeout("tcp", addr, 3*time.Second) // fix `switched by the -tcp-keepalive flag` // want `net.DialTimeout relies on Go's implicit keepalive`
}

func dialTLS(addr string, cfg *tls.Config) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, cfg) // want `tls.Dial relies on`
}

func listenTLS(cfg *tls.Config) (net.Listener, error) {
	ln, err := tls.Listen("tcp", "192.0.2.1:0", cfg) // want `tls.Listen relies on`
	if err != nil {
		return nil, err
	}
	return ln, nil
}

func listenWithContext(ctx context.Context) (net.Listener, error) {
	return net.Listen("tcp", "192.0.2.1:0") // want `net.Listen relies on`
}

func dialerLiteral(ctx context.Context, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 5 * time.Second} // want `net.Dialer relies on`
	return d.DialContext(ctx, "tcp", addr)
}

// keepAliveOff keeps keepalive off unless the flag turns it on.
func keepAliveOff(addr string) (net.Conn, error) {
	d := net.Dialer{KeepAlive: -1} // want `net.Dialer with a negative KeepAlive turns TCP keepalive off`
	return d.Dial("tcp", addr)
}

func keepAliveOffConfig(addr string) (net.Conn, error) {
	d := net.Dialer{ // want `net.Dialer with a negative KeepAlive`
		KeepAlive:       -1, // no probes
		KeepAliveConfig: net.KeepAliveConfig{Enable: false},
	}
	return d.Dial("tcp", addr)
}

func varDialer(addr string) (net.Conn, error) {
	var d net.Dialer // want `net.Dialer declared without a value relies on`
	return d.Dial("tcp", addr)
}

func newListenConfig(ctx context.Context) (net.Listener, error) {
	lc := new(net.ListenConfig) // want `new\(net.ListenConfig\) relies on`
	return lc.Listen(ctx, "tcp", "192.0.2.1:0")
}

func tlsDialer(ctx context.Context, addr string) (net.Conn, error) {
	d := &tls.Dialer{Config: &tls.Config{}} // want `tls.Dialer without a NetDialer relies on`
	return d.DialContext(ctx, "tcp", addr)
}

func dialTCP(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	return c, nil
}

func serve(laddr *net.TCPAddr) error {
	ln, err := net.ListenTCP("tcp", laddr) // want `net.ListenTCP relies on`
	if err != nil {
		return err
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go c.Close()
	}
}

func turnOff(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr)
	if err != nil {
		return nil, err
	}
	return c, c.SetKeepAlive(false) // want `SetKeepAlive\(false\) turns TCP keepalive off`
}

func turnOffConfig(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr)
	if err != nil {
		return nil, err
	}
	return c, c.SetKeepAliveConfig(net.KeepAliveConfig{Enable: false}) // want `SetKeepAliveConfig with Enable false turns TCP keepalive off`
}
