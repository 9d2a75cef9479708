//go:build linux

// Package sock is a socket constructor in a package of its own, and
// the report of the options of a live socket.
package sock

import (
	"fmt"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// Open returns a close-on-exec socket.
func Open(family, sotype, proto int) (int, error) {
	return unix.Socket(family, sotype|unix.SOCK_CLOEXEC, proto)
}

// Report prints fd's keepalive options and its user timeout (in
// milliseconds, 0 for none) as read back from the kernel.
func Report(fd int) error {
	var v [5]int
	for i, opt := range [][2]int{
		{unix.SOL_SOCKET, unix.SO_KEEPALIVE},
		{unix.IPPROTO_TCP, unix.TCP_KEEPIDLE},
		{unix.IPPROTO_TCP, unix.TCP_KEEPINTVL},
		{unix.IPPROTO_TCP, unix.TCP_KEEPCNT},
		{unix.IPPROTO_TCP, unix.TCP_USER_TIMEOUT},
	} {
		n, err := unix.GetsockoptInt(fd, opt[0], opt[1])
		if err != nil {
			return err
		}
		v[i] = n
	}
	fmt.Printf("OPTS keepalive=%d idle=%d intvl=%d cnt=%d ut=%d\n", v[0], v[1], v[2], v[3], v[4])
	return nil
}

// Conn holds a socket's fd the way mdlayher/socket's Conn does: its
// users reach the fd through SyscallConn.
type Conn struct{ f *os.File }

func newConn(fd int) *Conn { return &Conn{f: os.NewFile(uintptr(fd), "socket")} }

// OpenConn returns a close-on-exec socket held by a *Conn: a
// constructor whose result holds the fd.
func OpenConn(family, sotype, proto int) (*Conn, error) {
	fd, err := unix.Socket(family, sotype|unix.SOCK_CLOEXEC, proto)
	if err != nil {
		return nil, err
	}
	return newConn(fd), nil
}

// SyscallConn gives the fd.
func (c *Conn) SyscallConn() (syscall.RawConn, error) { return c.f.SyscallConn() }

// Close closes the socket.
func (c *Conn) Close() error { return c.f.Close() }

// Connect connects the socket.
func (c *Conn) Connect(sa unix.Sockaddr) error {
	return c.control(func(fd int) error { return unix.Connect(fd, sa) })
}

// Report prints the socket's keepalive options.
func (c *Conn) Report() error { return c.control(Report) }

func (c *Conn) control(f func(fd int) error) error {
	rc, err := c.f.SyscallConn()
	if err != nil {
		return err
	}
	if cerr := rc.Control(func(fd uintptr) { err = f(int(fd)) }); cerr != nil {
		return cerr
	}
	return err
}
