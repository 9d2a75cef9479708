//go:build linux

// Package sock is a socket constructor in a package of its own, and
// the report of the options of a live socket.
package sock

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// Open returns a close-on-exec socket.
func Open(family, sotype, proto int) (int, error) {
	return unix.Socket(family, sotype|unix.SOCK_CLOEXEC, proto)
}

// Report prints fd's keepalive options as read back from the kernel.
func Report(fd int) error {
	var v [4]int
	for i, opt := range [][2]int{
		{unix.SOL_SOCKET, unix.SO_KEEPALIVE},
		{unix.IPPROTO_TCP, unix.TCP_KEEPIDLE},
		{unix.IPPROTO_TCP, unix.TCP_KEEPINTVL},
		{unix.IPPROTO_TCP, unix.TCP_KEEPCNT},
	} {
		n, err := unix.GetsockoptInt(fd, opt[0], opt[1])
		if err != nil {
			return err
		}
		v[i] = n
	}
	fmt.Printf("OPTS keepalive=%d idle=%d intvl=%d cnt=%d\n", v[0], v[1], v[2], v[3])
	return nil
}
