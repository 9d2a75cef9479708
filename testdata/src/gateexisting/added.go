package main

import "net"

func dialAdded(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial relies on.*switched by the package's existing gate tcpKeepAlive`
}
