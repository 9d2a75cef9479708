// Package freshname holds sites whose fixes declare names (a listener
// before its assertion, a connection before its check): each name must
// be free in the whole scope it lands in, later declarations included.
package freshname

import (
	"net"
)

type proxy struct {
	tcp *net.TCPListener
}

// start keeps the listener in a field: the fix's temporary listener
// cannot be called l, which the statement itself declares.
func (p *proxy) start() error {
	l, err := net.ListenTCP("tcp", nil) // want `net.ListenTCP relies on`
	if err != nil {
		return err
	}
	p.tcp = l
	go p.serve()
	return nil
}

// restart declares l after the call, in the same block: the
// temporary cannot be called l either.
func (p *proxy) restart() error {
	var err error
	p.tcp, err = net.ListenTCP("tcp", nil) // want `net.ListenTCP relies on`
	if err != nil {
		return err
	}
	l := p.tcp.Addr()
	_ = l
	go p.serve()
	return nil
}

func (p *proxy) serve() {
	for {
		c, err := p.tcp.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

// dialTCP returns the connection: the fix names it, and conn is
// declared later in the block.
func dialTCP(raddr *net.TCPAddr, fallback bool) (net.Conn, error) {
	if !fallback {
		return net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	}
	conn := 1
	_ = conn
	return nil, nil
}
