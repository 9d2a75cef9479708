// Package rawcover has raw TCP sockets on which the code turns // want package:"hasKeepAliveFacts"
// keepalive on itself: none is reported.
package rawcover

import (
	"syscall"

	"rawhelper"
)

// direct sets SO_KEEPALIVE later in the function.
func direct() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1); err != nil {
		return -1, err
	}
	return fd, nil
}

// conditional sets it behind an option: a decision too.
func conditional(keepalive bool) (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	if keepalive {
		syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1)
	}
	return fd, nil
}

func enable(fd int) error { // want enable:`setsKeepAlive\[0\]`
	return syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1)
}

// helper passes the fd to a helper of this package.
func helper() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	return fd, enable(fd)
}

// otherPackage passes the fd to helpers of another package.
func otherPackage() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	if err := rawhelper.Tune("x", fd); err != nil {
		return -1, err
	}
	return fd, nil
}

// accepted sets it on every accepted fd, not on the listener.
func accepted() {
	lfd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return
	}
	for {
		nfd, _, err := syscall.Accept(lfd)
		if err != nil {
			return
		}
		rawhelper.EnableKeepAlive(nfd)
	}
}

// turnedOff sets SO_KEEPALIVE to 0: keepalive is off, and the call is
// reported (not the socket): the fix sets 1.
func turnedOff() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 0) // fix `Turn keepalive on; the timers stay the system's` // want `syscall.SetsockoptInt\(SO_KEEPALIVE, 0\) turns TCP keepalive off, which looks deliberate: a dead idle peer is never noticed \(keep it with //kafix:ignore <reason>\)`
	return fd, nil
}

// switchConn's SetKeepAlive carries out its caller's decision, on or
// off: no site, and no fix that would turn its off branch around.
type switchConn struct{ fd int }

func (c *switchConn) SetKeepAlive(on bool) error {
	if on {
		return syscall.SetsockoptInt(c.fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1)
	}
	return syscall.SetsockoptInt(c.fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 0)
}
