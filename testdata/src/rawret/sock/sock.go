// Package sock creates TCP sockets the way an event loop's socket // want package:"hasKeepAliveFacts"
// package does: tcpSocket creates the fd with its own constants and
// returns it, TCPSocket exports it, and the callers turn keepalive on
// behind options of their own. A function that returns the fd hands
// the decision to its callers: the sites are the calls that nobody
// configures, never tcpSocket's body.
package sock

import (
	"net"
	"syscall"
)

// familyOf is computed, as a resolved address's family is: each of its
// returns is an internet family (the fact names one of them).
func familyOf(addr string) int {
	if ip := net.ParseIP(addr); ip != nil && ip.To4() == nil {
		return syscall.AF_INET6
	}
	return syscall.AF_INET
}

func tcpSocket(addr string) (fd int, err error) { // want tcpSocket:`socketConstructor\(syscall domain=(2|10) type=1 proto=6 fd=result0\)`
	if fd, err = syscall.Socket(familyOf(addr), syscall.SOCK_STREAM, syscall.IPPROTO_TCP); err != nil {
		return -1, err
	}
	return fd, nil
}

// TCPSocket hands tcpSocket's fd on, and the package exports
// SetKeepAlive to decide with: its callers, in the packages that
// import this one, are the sites.
func TCPSocket(addr string) (int, error) { // want TCPSocket:`socketConstructor\(syscall domain=(2|10) type=1 proto=6 fd=result0\)`
	return tcpSocket(addr)
}

// SetKeepAlive turns keepalive on or off, as enabled says.
func SetKeepAlive(fd int, enabled bool) error { // want SetKeepAlive:`setsKeepAlive\[0\]`
	on := 0
	if enabled {
		on = 1
	}
	return syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, on)
}

// Options are the package's own socket options.
type Options struct{ KeepAlive bool }

// dial turns keepalive on behind the package's option: covered.
func dial(addr string, opts Options) (int, error) {
	fd, err := tcpSocket(addr)
	if err != nil {
		return -1, err
	}
	if opts.KeepAlive {
		if err := SetKeepAlive(fd, true); err != nil {
			syscall.Close(fd)
			return -1, err
		}
	}
	return fd, nil
}

// probe never does: the site is its call of tcpSocket.
func probe(addr string) error {
	fd, err := tcpSocket(addr) // want `tcpSocket \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	if err := syscall.SetNonblock(fd, true); err != nil {
		return err
	}
	_, err = syscall.Write(fd, []byte(addr))
	return err
}

// orphan returns its fd, but nobody in the package calls it and
// nobody outside can: its Socket call stays the site.
func orphan() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}

// asValue is used as a value, whose calls are not followed: its
// Socket call stays the site.
func asValue() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}

var opener = asValue

type dialer struct{}

// socket is a method, which may be called through an interface: its
// Socket call stays the site.
func (dialer) socket() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}

var (
	_ = dial
	_ = probe
	_ = opener
	_ = dialer.socket
)
