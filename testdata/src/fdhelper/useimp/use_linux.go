// Package useimp imports sockutil, whose SetKeepAlive its raw socket's
// fix calls (a fact tells the analyzer what it sets).
package useimp

import (
	"fmt"
	"syscall"

	"fdhelper/sockutil"
)

func listen() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // fix `^Turn keepalive on with sockutil.SetKeepAlive: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s \(` // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, fmt.Errorf("socket: %w", err)
	}
	if err := sockutil.ReuseAddr(fd); err != nil {
		syscall.Close(fd)
		return -1, fmt.Errorf("reuse: %w", err)
	}
	return fd, nil
}
