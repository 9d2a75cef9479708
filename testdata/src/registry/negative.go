package registry

import (
	"net"
	"time"
)

// Lookups that are not only called: the functions in these maps reach
// code that this package does not follow.
var handedOut = make(map[string]ConnFactoryFn)

func init() { handedOut["tcp"] = dialHandedOut }

func dialHandedOut(network, address string) (net.Conn, error) {
	return net.Dial(network, address) // want `net.Dial with a non-constant network relies on Go's implicit keepalive`
}

// Factory gives the function itself to its caller.
func Factory(network string) ConnFactoryFn { return handedOut[network] }

var ranged = make(map[string]ConnFactoryFn)

func init() { ranged["tcp"] = dialRanged }

func dialRanged(network, address string) (net.Conn, error) {
	return net.Dial("tcp", address) // want `net.Dial relies on Go's implicit keepalive`
}

func dialAll(address string) []net.Conn {
	var conns []net.Conn
	for network, fn := range ranged {
		if c, err := fn(network, address); err == nil {
			conns = append(conns, c)
		}
	}
	return conns
}

// A lookup whose result is called, but whose connection is not
// configured.
var bare = make(map[string]ConnFactoryFn)

func init() { bare["tcp"] = dialBare }

func dialBare(network, address string) (net.Conn, error) {
	return net.DialTimeout("tcp", address, time.Second) // want `net.DialTimeout relies on Go's implicit keepalive`
}

func ConnectBare(address string) (net.Conn, error) {
	fn := bare["tcp"]
	return fn("tcp", address)
}

// A map that another value replaces whole.
var replaced = make(map[string]ConnFactoryFn)

func init() { replaced["tcp"] = dialReplaced }

func dialReplaced(network, address string) (net.Conn, error) {
	return net.Dial("tcp", address) // want `net.Dial relies on Go's implicit keepalive`
}

func Reset(m map[string]ConnFactoryFn) { replaced = m }

func connectReplaced(address string) (net.Conn, error) {
	c, err := replaced["tcp"]("tcp", address)
	if err != nil {
		return nil, err
	}
	return c, c.(*net.TCPConn).SetKeepAlive(true)
}
