package messages

import (
	"net"
	"os"
	"syscall"
)

// serveRawLinux is serveRaw in a file built for Linux alone, which
// copies a listening socket's options to the sockets it accepts.
func serveRawLinux(network, addr string, raw bool) error {
	ln, err := net.Listen(network, addr) // want `net.Listen \(its fd is taken with File\) with a non-constant network lets code accept raw`
	if err != nil {
		return err
	}
	if !raw {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		return c.Close()
	}
	f, err := ln.(*net.TCPListener).File()
	if err != nil {
		return err
	}
	defer f.Close()
	return eventLoop(int(f.Fd()))
}

// eventLoop accepts raw on the fd it is given.
func eventLoop(fd int) error {
	for {
		nfd, _, err := syscall.Accept(fd)
		if err != nil {
			return err
		}
		syscall.Close(nfd)
	}
}

// acceptHere accepts raw from the fd of a listener it holds itself,
// which has keepalive: the accepted sockets do not.
func acceptHere(ln *net.TCPListener) error {
	f, err := ln.File()
	if err != nil {
		return err
	}
	defer f.Close()
	nfd, _, err := syscall.Accept(int(f.Fd())) // want `syscall.Accept on a Go listener's fd`
	if err != nil {
		return err
	}
	return syscall.Close(nfd)
}

func rawSocket() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}

func rawOff(fd int) error {
	return syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 0) // want `syscall.SetsockoptInt\(SO_KEEPALIVE, 0\) turns TCP keepalive off`
}

// newSocketCloexec creates the sockets its callers ask for.
func newSocketCloexec(domain int) (int, error) { // want newSocketCloexec:`socketConstructor`
	fd, err := syscall.Socket(domain, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	return fd, nil
}

// listenFile returns a listener made from a raw socket: Go's Accept
// gives its connections Go's implicit keepalive, elsewhere.
func listenFile(sa syscall.Sockaddr) (net.Listener, error) {
	fd, err := newSocketCloexec(syscall.AF_INET6) // want `newSocketCloexec \(a socket constructor\) wrapped by net.FileListener relies on`
	if err != nil {
		return nil, err
	}
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	if err := syscall.Listen(fd, 16); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "listener")
	defer f.Close()
	return net.FileListener(f)
}
