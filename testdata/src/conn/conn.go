package conn // want package:"hasKeepAliveFacts"

import (
	"fmt"
	"log"
	"net"
	"os"
	"time"
)

func returnsErr(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		return nil, err
	}
	return c, nil
}

func wraps(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		return nil, fmt.Errorf("dial %v: %w", raddr, err)
	}
	return c, nil
}

func syscallError(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		return nil, os.NewSyscallError("connect", err)
	}
	return c, nil
}

func fatal(raddr *net.TCPAddr) *net.TCPConn {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		log.Fatalf("dial %v: %v", raddr, err)
	}
	return c
}

func panics(raddr *net.TCPAddr) *net.TCPConn {
	c, e := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if e != nil {
		panic(e)
	}
	return c
}

func ignoresError(raddr *net.TCPAddr) *net.TCPConn {
	c, _ := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	return c
}

func namedResults(raddr *net.TCPAddr) (c *net.TCPConn, err error) {
	c, err = net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	if err != nil {
		return
	}
	return c, nil
}

func notChecked(raddr *net.TCPAddr) *net.TCPConn {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on .*no automatic fix: check its error right after the call$`
	log.Print(err)
	return c
}

func turnedOff(c *net.TCPConn) error { // want turnedOff:"setsKeepAlive\\[0\\]"
	return c.SetKeepAlive(false) // want `SetKeepAlive\(false\) turns TCP keepalive off`
}

func configOff(c *net.TCPConn) error { // want configOff:"setsKeepAlive\\[0\\]"
	return c.SetKeepAliveConfig(net.KeepAliveConfig{Idle: time.Minute}) // want `SetKeepAliveConfig with Enable false turns TCP keepalive off`
}

// Not sites: the connection is configured, here or by a helper.

func covered(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr)
	if err != nil {
		return nil, err
	}
	c.SetKeepAlivePeriod(time.Minute)
	return c, nil
}

func coveredByHelper(raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr)
	if err != nil {
		return nil, err
	}
	return c, tune(c)
}

func tune(c *net.TCPConn) error { // want tune:"setsKeepAlive\\[0\\]"
	return c.SetKeepAliveConfig(net.KeepAliveConfig{Enable: true, Idle: 45 * time.Second})
}

// keepAliveSwitch carries out its caller's decision, on or off: no
// site, and no fix that would turn its off branch around.
func keepAliveSwitch(c *net.TCPConn, on bool) error { // want keepAliveSwitch:"setsKeepAlive\\[0\\]"
	if on {
		return c.SetKeepAlive(true)
	}
	return c.SetKeepAlive(false)
}
