package rawtags

import "syscall"

// onFreeBSD: a _GOOS_GOARCH file name.
func onFreeBSD() int {
	fd, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s` // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE: a dead idle peer is never noticed`
	return fd
}
