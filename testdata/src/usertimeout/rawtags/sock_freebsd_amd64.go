package rawtags

import "syscall"

// onFreeBSD: a _GOOS_GOARCH file name.
func onFreeBSD() int {
	fd, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	return fd
}
