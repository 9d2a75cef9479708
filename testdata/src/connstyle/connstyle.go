// Package connstyle holds connections created where their error is
// checked in another form than if err != nil right after the call.
package connstyle

import (
	"crypto/tls"
	"net"
)

// returnsCall returns the call as it is: the connection gets a
// variable and a check.
func returnsCall(raddr *net.TCPAddr) (*net.TCPConn, error) {
	return net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
}

// returnsCallNamesTaken: conn and err name other things here.
func returnsCallNamesTaken(raddr *net.TCPAddr, conn int) (*net.TCPConn, error) {
	err := "not an error"
	_, _ = conn, err
	return net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
}

// returnsAccept returns an accepted connection as it is.
func returnsAccept(laddr *net.TCPAddr) (*net.TCPConn, error) {
	ln, err := net.ListenTCP("tcp", laddr) // want `net.ListenTCP relies on`
	if err != nil {
		return nil, err
	}
	return ln.AcceptTCP()
}

// bareReturn fills named results and returns them bare.
func bareReturn(raddr *net.TCPAddr) (c *net.TCPConn, err error) {
	c, err = net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	return
}

// branches create the connection in each branch and check once.
func branches(local, raddr *net.TCPAddr, bind bool) (*net.TCPConn, error) {
	var c *net.TCPConn
	var err error
	if bind {
		c, err = net.DialTCP("tcp", local, raddr) // want `net.DialTCP relies on`
	} else {
		c, err = net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// checked by a helper that panics.
func helperChecked(raddr *net.TCPAddr) *net.TCPConn {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	check(err)
	return c
}

func check(err error) {
	if err != nil {
		panic(err)
	}
}

// returnsAsConn returns the call as a net.Conn: a failed dial returns
// the typed nil *net.TCPConn in it, as before.
func returnsAsConn(raddr *net.TCPAddr) (net.Conn, error) {
	return net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
}

// dialAny returns the call from a case of a type switch, as any.
func dialAny[T *net.TCPAddr | *net.UDPAddr](network string, a T) (net.Conn, any) {
	switch v := any(a).(type) {
	case *net.TCPAddr:
		return net.DialTCP(network, nil, v) // want `net.DialTCP with a non-constant network relies on`
	case *net.UDPAddr:
		return net.DialUDP(network, nil, v)
	}
	return nil, nil
}

// returnsNamed returns the call to named results that no deferred
// function reads.
func returnsNamed(raddr *net.TCPAddr) (c net.Conn, err error) {
	return net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
}

// returnsAcceptAsConn returns an accepted connection as a net.Conn.
func returnsAcceptAsConn(laddr *net.TCPAddr) (net.Conn, error) {
	ln, err := net.ListenTCP("tcp", laddr) // want `net.ListenTCP relies on`
	if err != nil {
		return nil, err
	}
	return ln.AcceptTCP()
}

// Refused, with what to do.

// returnsNamedDeferred: the deferred function would see the nil that
// a failed keepalive setting returns, and call Close on it (a typed
// nil *net.TCPConn before: its Close fails, it does not panic).
func returnsNamedDeferred(raddr *net.TCPAddr) (c net.Conn, err error) {
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	return net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on .*no automatic fix: return a local variable \(a deferred function reads the results\)$`
}

func branchWithoutElse(local, raddr *net.TCPAddr) (*net.TCPConn, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on .*no automatic fix: check its error right after the call$`
	if local != nil {
		c, err = net.DialTCP("tcp", local, raddr) // want `net.DialTCP relies on .*no automatic fix: check its error right after the call$`
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

func bareReturnOfLocal(raddr *net.TCPAddr, errs chan<- error) (c *net.TCPConn) {
	var err error
	defer func() { errs <- err }()
	c, err = net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on .*no automatic fix: check err right after the call, before the bare return$`
	return
}

// listenMaybeTLS listens with TLS in one branch and without in the
// other, and checks both errors once: the TLS wrapping cannot go after
// the shared check (it would wrap the plain listener too).
func listenMaybeTLS(network, addr string, cfg *tls.Config) (net.Listener, error) {
	var ln net.Listener
	var err error
	if cfg != nil {
		ln, err = tls.Listen(network, addr, cfg) // want `tls.Listen with a non-constant network .*no automatic fix: check tls.Listen's error in a branch of its own$`
	} else {
		ln, err = net.Listen(network, addr) // want `net.Listen with a non-constant network relies on`
	}
	if err != nil {
		return nil, err
	}
	return ln, nil
}
