package rawlistener

import (
	"fmt"
	"net"
	"syscall"
)

// serveFile accepts on the fd that File duplicates.
func serveFile(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	f, err := ln.(*net.TCPListener).File()
	if err != nil {
		return err
	}
	lfd := int(f.Fd())
	for {
		nfd, _, err := syscall.Accept(lfd) // want `syscall.Accept on a Go listener's fd \(a ListenConfig setting does not reach it\) creates a TCP socket without SO_KEEPALIVE`
		if err != nil {
			return fmt.Errorf("accept: %w", err)
		}
		syscall.Close(nfd)
	}
}

// serveControl accepts inside the listener's SyscallConn Control.
func serveControl(tl *net.TCPListener) error {
	rc, err := tl.SyscallConn()
	if err != nil {
		return err
	}
	var aerr error
	cerr := rc.Control(func(fd uintptr) {
		nfd, _, err := syscall.Accept(int(fd)) // want `syscall.Accept on a Go listener's fd`
		if err != nil {
			aerr = err
			return
		}
		syscall.Close(nfd)
	})
	if cerr != nil {
		return cerr
	}
	return aerr
}

// reserve only reserves a port: Go never accepts on it, so no
// connection is ever created. Not a site.
func reserve() (int, error) {
	ln, err := net.ListenTCP("tcp", &net.TCPAddr{})
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// goAccept is accepted by Go: a site as usual.
func goAccept(addr string) (net.Conn, error) {
	ln, err := net.Listen("tcp", addr) // want `net.Listen relies on Go's implicit keepalive`
	if err != nil {
		return nil, err
	}
	return ln.Accept()
}
