// Package rawhelper turns keepalive on for raw fds; its callers in // want package:"hasKeepAliveFacts"
// other packages are covered through facts.
package rawhelper

import "syscall"

// EnableKeepAlive sets SO_KEEPALIVE on fd.
func EnableKeepAlive(fd int) error { // want EnableKeepAlive:`setsKeepAlive\[0\]`
	return syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1)
}

// Tune calls EnableKeepAlive: a helper of a helper.
func Tune(name string, fd int) error { // want Tune:`setsKeepAlive\[1\]`
	return EnableKeepAlive(fd)
}
