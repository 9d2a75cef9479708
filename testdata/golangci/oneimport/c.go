// Package oneimport has one import on one line and two sites whose fixes
// add different imports: their import edits conflict.
package oneimport

import "net"

func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}

func Listen(addr string) (net.Listener, error) {
	return net.Listen("tcp", addr)
}
