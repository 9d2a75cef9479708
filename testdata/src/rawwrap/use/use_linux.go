// Package use calls the constructors of package sock: the calls whose
// arguments make a TCP socket are the sites.
package use

import (
	"fmt"
	"os"
	"syscall"

	"rawwrap/sock"
)

func dialTCP() (int, error) {
	fd, err := sock.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `sock.Socket \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, fmt.Errorf("dial: %w", err)
	}
	return fd, nil
}

// stream6 does not import syscall for the setsockopt calls: the fix
// adds the import.
func stream6() int {
	fd, err := sock.Stream(sock.INET6) // want `sock.Stream \(a socket constructor\) creates a TCP socket`
	if err != nil {
		panic(err)
	}
	return fd
}

func pair() (int, error) {
	_, fd, err := sock.Pair(sock.INET) // want `sock.Pair \(a socket constructor\) creates a TCP socket`
	if err != nil {
		return 0, err
	}
	return fd, nil
}

// Not TCP: never reported, and sock's bodies are not either.
func udp() (int, error)   { return sock.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, 0) }
func local() (int, error) { return sock.Stream(sock.UNIX) }
func vsock() (int, error) { return sock.Stream(40) } // AF_VSOCK
func packet() (int, error) {
	return sock.Socket(syscall.AF_PACKET, syscall.SOCK_RAW, 0x0300)
}

// Constructors whose result holds the fd: the fix configures the
// socket through the value (set on its SyscallConn, or the options by
// name on the fd field it exports).
func holderDial(sa syscall.Sockaddr) (*sock.Conn, error) {
	c, err := sock.Open(sock.INET, syscall.SOCK_STREAM, 0) // want `sock.Open \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return nil, err
	}
	if err := c.Connect(sa); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func holderField(sa syscall.Sockaddr) (*sock.FD, error) {
	nfd, err := sock.NewFD(sock.INET6) // want `sock.NewFD \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return nil, err
	}
	return nfd, syscall.Connect(nfd.Sysfd, sa)
}

// Not sites: keepalive set through the value's own method or on its
// fd field, a peer on loopback, a socket whose options alone are
// used, and AF_UNIX.
func holderOn(sa syscall.Sockaddr) (*sock.Conn, error) {
	c, err := sock.Open(sock.INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	if err := c.SetsockoptInt(syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1); err != nil {
		c.Close()
		return nil, err
	}
	return c, c.Connect(sa)
}

func holderFieldOn(sa syscall.Sockaddr) (*sock.FD, error) {
	nfd, err := sock.NewFD(sock.INET)
	if err != nil {
		return nil, err
	}
	if err := syscall.SetsockoptInt(nfd.Sysfd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1); err != nil {
		nfd.Close()
		return nil, err
	}
	return nfd, syscall.Connect(nfd.Sysfd, sa)
}

func holderLoopback(port int) (*sock.Conn, error) {
	c, err := sock.Open(sock.INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	return c, c.Connect(&syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}})
}

func holderOptionsOnly() error {
	c, err := sock.Open(sock.INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.SetReadBuffer(1 << 16)
}

func holderUnix(sa syscall.Sockaddr) (*sock.Conn, error) {
	c, err := sock.Open(sock.UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	return c, c.Connect(sa)
}

// holderServe's accepted sockets inherit the listening socket's
// options on Linux: the fix configures the listening socket.
func holderServe(sa syscall.Sockaddr, handle func(*sock.Conn)) error {
	ln, err := sock.Open(sock.INET, syscall.SOCK_STREAM, 0) // want `sock.Open \(a socket constructor\) \(listening; accepted sockets copy its options\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return err
	}
	if err := ln.Bind(sa); err != nil {
		return err
	}
	if err := ln.Listen(128); err != nil {
		return err
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go handle(c)
	}
}

// holderServeLocal listens on loopback only: no site.
func holderServeLocal(port int) (*sock.Conn, error) {
	ln, err := sock.Open(sock.INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	if err := ln.Bind(&syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		return nil, err
	}
	return ln, ln.Listen(128)
}

// holderFile connects a socket held by an *os.File.
func holderFile(sa syscall.Sockaddr) (*os.File, error) {
	f, err := sock.OpenFile(sock.INET) // want `sock.OpenFile \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return nil, err
	}
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	var cerr error
	if err := rc.Control(func(fd uintptr) { cerr = syscall.Connect(int(fd), sa) }); err != nil {
		f.Close()
		return nil, err
	}
	return f, cerr
}
