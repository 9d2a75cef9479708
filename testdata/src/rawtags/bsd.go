//go:build linux || freebsd || netbsd

package rawtags

import "syscall"

// onLinuxAndBSD: these systems name the timers alike.
func onLinuxAndBSD() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM, 0) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s` // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE: a dead idle peer is never noticed`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
