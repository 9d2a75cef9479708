// want package:"hasKeepAliveFacts"

// Package messages has one site of each kind that a message words
// differently: TestMessages checks their exact diagnostic and fix
// messages, under the default policy and under -user-timeout=auto.
package messages

import (
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
	ln, err := net.Listen("tcp", addr) // want `net.Listen \(its fd is taken with File\) lets code accept connections raw`
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
