package messages

import (
	"net"
	"syscall"
)

// serveRawLinux is serveRaw in a file built for Linux alone, which
// copies a listening socket's options to the sockets it accepts.
func serveRawLinux(network, addr string, raw bool) error {
	ln, err := net.Listen(network, addr) // want `net.Listen \(its fd is taken with File\) with a non-constant network lets code accept connections raw`
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
