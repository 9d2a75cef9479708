// Package gaterawsock has a socket constructor, as real code wraps
// syscall.Socket: its callers that make TCP sockets are the sites.
package gaterawsock

import "syscall"

// Socket makes a socket of any family, type and protocol.
func Socket(family, sotype, proto int) (int, error) {
	return syscall.Socket(family, sotype, proto)
}
