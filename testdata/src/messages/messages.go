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
