package main

import "net"

func dialAdded(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // fix `switched by the package's existing gate tcpKeepAlive` // want `net.Dial relies on`
}
