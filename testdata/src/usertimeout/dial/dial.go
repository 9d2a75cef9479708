package dial

import (
	"context"
	"net"
	"net/http"
	"os"
	"time"
)

func plainDial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial relies on Go's implicit keepalive`
}

func dialTimeout(addr string) (net.Conn, error) {
	// The timeout moves into the Dialer.
	return net.DialTimeout("tcp4", addr, 3*time.Second) // want `net.DialTimeout relies on Go's implicit keepalive`
}

func maybeTCP(network, addr string) (net.Conn, error) {
	return net.Dial(network, addr) // want `net.Dial with a non-constant network relies on`
}

func dialerLiteral(ctx context.Context, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 5 * time.Second} // want `net.Dialer relies on Go's implicit keepalive`
	return d.DialContext(ctx, "tcp", addr)
}

func multiLineDialer(ctx context.Context, addr string) (net.Conn, error) {
	d := net.Dialer{ // want `net.Dialer relies on Go's implicit keepalive`
		// Timeout bounds the connect.
		Timeout: 5 * time.Second,
	}
	return d.DialContext(ctx, "tcp", addr)
}

func varDialer(addr string) (net.Conn, error) {
	var d net.Dialer // want `net.Dialer declared without a value relies on`
	return d.Dial("tcp6", addr)
}

func newDialer(addr string) (net.Conn, error) {
	d := new(net.Dialer) // want `new\(net.Dialer\) relies on`
	return d.Dial("tcp", addr)
}

func transport() *http.Transport {
	return &http.Transport{
		// The method value is handed to net/http, which dials TCP.
		DialContext: (&net.Dialer{Timeout: 30 * time.Second}).DialContext, // want `net.Dialer relies on`
	}
}

func negativeKeepAlive(addr string) (net.Conn, error) {
	d := net.Dialer{KeepAlive: -1} // want `net.Dialer with a negative KeepAlive turns TCP keepalive off`
	return d.Dial("tcp", addr)
}

// Not sites: UDP, unix sockets and covered dialers.

func udp(addr string) (net.Conn, error) {
	return net.Dial("udp", addr)
}

func unixSocket(path string) (net.Conn, error) {
	return net.Dial("unix", path)
}

func udpDialer(addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: time.Second}
	return d.Dial("udp4", addr)
}

func coveredConfig(addr string) (net.Conn, error) {
	d := net.Dialer{KeepAliveConfig: net.KeepAliveConfig{Enable: true}}
	return d.Dial("tcp", addr)
}

func coveredKeepAlive(addr string) (net.Conn, error) {
	d := net.Dialer{KeepAlive: 20 * time.Second}
	return d.Dial("tcp", addr)
}

func coveredLater(addr string, keepAlive bool) (net.Conn, error) {
	d := &net.Dialer{}
	if keepAlive { // conditional configuration is a decision too
		d.KeepAliveConfig = net.KeepAliveConfig{Enable: true, Idle: time.Minute}
	}
	return d.Dial("tcp", addr)
}

func coveredConn(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	if err := c.(*net.TCPConn).SetKeepAlive(true); err != nil {
		return nil, err
	}
	return c, nil
}

func coveredAssertedConn(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetKeepAliveConfig(net.KeepAliveConfig{Enable: true})
	}
	return c, nil
}

func ignored(addr string) (net.Conn, error) {
	//kafix:ignore the proxy in front of this service pings every 10s
	return net.Dial("tcp", addr)
}

func ignoredSameLine(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) //kafix:ignore short-lived health check
}

// A Dialer whose LocalAddr is a UDP address dials no TCP: Go refuses
// a TCP dial with a mismatched local address.
func udpOnlyDialer(ctx context.Context, addr string) (net.Conn, error) {
	d := &net.Dialer{LocalAddr: &net.UDPAddr{Port: 5353}}
	return d.DialContext(ctx, networkFromEnv(), addr)
}

func networkFromEnv() string { return os.Getenv("NET") }

// A Dialer declared without a value that every branch then replaces is
// no site: the values assigned are (the literal here), and the
// caller's Dialer is the caller's.
func overwrittenDialer(ctx context.Context, given *net.Dialer, addr string) (net.Conn, error) {
	var d net.Dialer
	if given == nil {
		d = net.Dialer{Timeout: time.Second} // want `net.Dialer relies on`
	} else {
		d = *given
	}
	return d.DialContext(ctx, "tcp", addr)
}

// One that only some paths replace dials its zero value on the others.
func sometimesOverwritten(ctx context.Context, timeout time.Duration, addr string) (net.Conn, error) {
	var d net.Dialer // want `net.Dialer declared without a value relies on`
	if timeout > 0 {
		d = net.Dialer{Timeout: timeout} // want `net.Dialer relies on`
	}
	return d.DialContext(ctx, "tcp", addr)
}
