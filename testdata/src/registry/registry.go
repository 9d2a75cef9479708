// Package registry keeps its dial functions in maps that it looks
// them up in (smallnest/rpcx's client): the calls through a map are
// the functions' callers, like their direct ones.
package registry

import (
	"net"
	"time"
)

type ConnFactoryFn func(network, address string) (net.Conn, error)

// ConnFactories is where importers register factories of their own;
// the package registers its own and looks them all up in Connect,
// which turns keepalive on for every TCP connection they make.
var ConnFactories = map[string]ConnFactoryFn{
	"plain": newDirectConn,
}

func init() {
	ConnFactories["unix"] = newDirectConn
	ConnFactories["uring"] = newUringConn
}

var KeepAlivePeriod = time.Minute

func Connect(network, address string) (net.Conn, error) {
	var conn net.Conn
	var err error
	if fn := ConnFactories[network]; fn != nil {
		conn, err = fn(network, address)
	} else {
		conn, err = newDirectConn(network, address)
	}
	if err != nil {
		return nil, err
	}
	if tc, ok := conn.(*net.TCPConn); ok && KeepAlivePeriod > 0 {
		_ = tc.SetKeepAlive(true)
		_ = tc.SetKeepAlivePeriod(KeepAlivePeriod)
	}
	return conn, nil
}

func newDirectConn(network, address string) (net.Conn, error) {
	conn, err := net.DialTimeout(network, address, 5*time.Second)
	if err != nil {
		return nil, err
	}
	return conn, nil
}

// newUringConn hands its connection on to Connect.
func newUringConn(network, address string) (net.Conn, error) {
	return newDirectConn("tcp", address)
}

// listeners is looked up with a comma-ok, and called directly.
var listeners = make(map[string]func(string) (net.Conn, error))

func init() { listeners["tcp"] = dialTCP }

func dialTCP(address string) (net.Conn, error) {
	return net.Dial("tcp", address)
}

func lookup(address string) (net.Conn, error) {
	if _, ok := listeners["tcp"]; !ok {
		return nil, net.UnknownNetworkError("tcp")
	}
	c, err := listeners["tcp"](address)
	if err != nil {
		return nil, err
	}
	return c, c.(*net.TCPConn).SetKeepAlive(true)
}
