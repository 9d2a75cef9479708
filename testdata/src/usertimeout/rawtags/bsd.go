//go:build linux || freebsd || netbsd

package rawtags

import "syscall"

// onLinuxAndBSD: these systems name the timers alike.
func onLinuxAndBSD() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
