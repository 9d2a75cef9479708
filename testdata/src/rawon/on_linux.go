// Package rawon is analyzed with -require=on: only the sockets whose
// keepalive ends up off are reported.
package rawon

import (
	"net"
	"os"
	"syscall"
)

// off: a raw socket nobody turns keepalive on for.
func off() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}

// implicit: net.FileConn turns Go's default keepalive on: not off, so
// not reported under -require=on.
func implicit() (net.Conn, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "")
	defer f.Close()
	return net.FileConn(f)
}

// turnedOff: reported whatever the policy.
func turnedOff(fd int) {
	syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 0) // want `syscall.SetsockoptInt\(SO_KEEPALIVE, 0\) turns TCP keepalive off`
}
