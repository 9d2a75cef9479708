// Package ctor wraps unix.Socket. // want package:"hasKeepAliveFacts"
package ctor

import "golang.org/x/sys/unix"

// Open is a socket constructor for any family and type.
func Open(family, sotype int) (int, error) { // want Open:`socketConstructor\(golang.org/x/sys/unix domain=param0 type=param1 proto=0 fd=result0\)`
	return unix.Socket(family, sotype|unix.SOCK_CLOEXEC, 0)
}

// Families for callers.
const (
	IPv4   = unix.AF_INET
	Stream = unix.SOCK_STREAM
	Unix   = unix.AF_UNIX
)
