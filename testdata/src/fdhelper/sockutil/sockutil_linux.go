// Package sockutil sets socket options; its importers' raw sockets // want package:"hasKeepAliveFacts"
// get their keepalive through its SetKeepAlive.
package sockutil

import (
	"syscall"
	"time"
)

// SetKeepAlive turns keepalive on for fd with the three timers.
func SetKeepAlive(fd int, idle, interval time.Duration, count int) error { // want SetKeepAlive:`setsKeepAlive\[0\] fdHelper\(fd, idle duration, interval duration, count\) on android,linux`
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1); err != nil {
		return err
	}
	if err := syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE, int(idle/time.Second)); err != nil {
		return err
	}
	if err := syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL, int(interval.Seconds())); err != nil {
		return err
	}
	return syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT, count)
}

// ReuseAddr sets SO_REUSEADDR on fd.
func ReuseAddr(fd int) error {
	return syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
}
