// want package:"hasKeepAliveFacts"

// Package messages has one site of each kind that a message words
// differently: TestMessages checks their exact diagnostic and fix
// messages, under the default policy and under -user-timeout=auto.
package messages

import (
	"crypto/tls"
	"net"
	"os"
	"time"
)

func dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}

func dialNetwork(network, addr string) (net.Conn, error) {
	return net.Dial(network, addr) // want `net.Dial with a non-constant network relies on`
}

var dialer = net.Dialer{Timeout: 5 * time.Second, KeepAlive: -1} // want `net.Dialer with a negative KeepAlive turns TCP keepalive off`

func turnOff(c *net.TCPConn) { // want turnOff:`setsKeepAlive\[0\]`
	c.SetKeepAlive(false) // want `SetKeepAlive\(false\) turns TCP keepalive off`
}

// dialUnchecked checks the error of DialTCP too late for a fix.
func dialUnchecked(raddr *net.TCPAddr) *net.TCPConn {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on .*; no automatic fix: `
	os.Stdout.WriteString("dialed\n")
	if err != nil {
		return nil
	}
	return c
}

// serveRaw, in a file built for every system, serves with Go's Accept,
// or hands the listener's fd to an event loop that accepts raw.
func serveRaw(addr string, raw bool) error {
	ln, err := net.Listen("tcp", addr) // want `net.Listen \(its fd is taken with File\) lets code accept raw`
	if err != nil {
		return err
	}
	if !raw {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		return c.Close()
	}
	f, err := ln.(*net.TCPListener).File()
	if err != nil {
		return err
	}
	defer f.Close()
	return eventLoop(int(f.Fd()))
}

// listenTCP returns a listener on a network its caller picks, whose
// connections are accepted elsewhere: a fix would need a net.ListenConfig,
// which listens on networks that net.ListenTCP refuses.
func listenTCP(network string, laddr *net.TCPAddr) (*net.TCPListener, error) {
	return net.ListenTCP(network, laddr) // want `net.ListenTCP with a non-constant network relies on`
}

// listenTLS leaves the error of tls.Listen to its caller.
func listenTLS(network, addr string, cfg *tls.Config) (ln net.Listener, err error) {
	if cfg == nil {
		ln, err = net.Listen(network, addr) // want `net.Listen with a non-constant network relies on`
	} else {
		ln, err = tls.Listen(network, addr, cfg) // want `tls.Listen with a non-constant network relies on`
	}
	return ln, err
}

// A holder keeps a net.Dialer that its literal leaves zero.
type holder struct {
	d net.Dialer
}

func (h *holder) dial(network, addr string) (net.Conn, error) {
	return h.d.Dial(network, addr)
}

var defaultHolder = &holder{} // want `holder's zero net.Dialer d with a non-constant network relies on`
