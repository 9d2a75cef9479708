// Package rawshape has raw TCP sockets in the shapes real code writes
// them.
package rawshape

import (
	"net"
	"os"
	sys "syscall"
)

const (
	family   = sys.AF_INET6
	streamNB = sys.SOCK_STREAM | sys.SOCK_NONBLOCK | sys.SOCK_CLOEXEC
)

// namedConstants: the program's own constants, an import alias and
// flags OR-ed into the type.
func namedConstants() (int, error) {
	fd, err := sys.Socket(family, streamNB, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}

// domainVariable: every assignment of the domain is an internet
// family.
func domainVariable(ipv6 bool) (int, error) {
	var domain int
	if ipv6 {
		domain = sys.AF_INET6
	} else {
		domain = sys.AF_INET
	}
	typ := sys.SOCK_STREAM
	typ |= sys.SOCK_CLOEXEC
	fd, err := sys.Socket(domain, typ, sys.IPPROTO_IP) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		return -1, err
	}
	return fd, nil
}

// anyDomainTCP: IPPROTO_TCP with SOCK_STREAM is TCP whatever the
// domain, even a parameter: the function is the site, not a
// constructor.
func anyDomainTCP(domain int) (int, error) {
	fd, err := sys.Socket(domain, sys.SOCK_STREAM, sys.IPPROTO_TCP) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		return -1, err
	}
	return fd, nil
}

type conn struct {
	fd int
}

// field: the fd lives in a struct field.
func (c *conn) open() error {
	var err error
	c.fd, err = sys.Socket(sys.AF_INET, sys.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		return err
	}
	return nil
}

// acceptLoop: a listening socket on Linux; accepted sockets inherit
// the listener's keepalive options, so the listener is configured.
func acceptLoop(sa sys.Sockaddr, handle func(int)) error {
	lfd, err := sys.Socket(sys.AF_INET, sys.SOCK_STREAM, 0) // want `syscall.Socket \(listening; accepted sockets copy its options\) creates a TCP socket`
	if err != nil {
		return err
	}
	defer sys.Close(lfd)
	if err := sys.Bind(lfd, sa); err != nil {
		return err
	}
	if err := sys.Listen(lfd, 128); err != nil {
		return err
	}
	for {
		nfd, _, err := sys.Accept4(lfd, sys.SOCK_CLOEXEC)
		if err != nil {
			continue
		}
		go handle(nfd)
	}
}

// fileConn: an fd handed to net.FileConn gets Go's implicit keepalive
// (net turns it on for the connection it makes): the fix configures
// that connection.
func fileConn(sa sys.Sockaddr) (net.Conn, error) {
	fd, err := sys.Socket(sys.AF_INET, sys.SOCK_STREAM|sys.SOCK_CLOEXEC, 0) // want `syscall.Socket wrapped by net.FileConn relies on Go's implicit keepalive: a dead idle peer is noticed after about 2m30s`
	if err != nil {
		return nil, err
	}
	if err := sys.Connect(fd, sa); err != nil {
		sys.Close(fd)
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "tcp")
	defer f.Close()
	c, err := net.FileConn(f)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// fileListener: the same for net.FileListener, whose accepted
// connections are configured.
func fileListener(sa sys.Sockaddr) error {
	fd, err := sys.Socket(sys.AF_INET, sys.SOCK_STREAM, 0) // want `syscall.Socket wrapped by net.FileListener relies on Go's implicit keepalive`
	if err != nil {
		return err
	}
	if err := sys.Bind(fd, sa); err != nil {
		return err
	}
	if err := sys.Listen(fd, 16); err != nil {
		return err
	}
	ln, err := net.FileListener(os.NewFile(uintptr(fd), "listener"))
	if err != nil {
		return err
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		c.Close()
	}
}

// inClosure: a socket made in a function literal.
func inClosure() func() (int, error) {
	return func() (int, error) {
		fd, err := sys.Socket(sys.AF_INET, sys.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
		if err != nil {
			return -1, err
		}
		return fd, nil
	}
}

// ignoredSite is silenced with a reason.
func ignoredSite() {
	//kafix:ignore the caller sets SO_KEEPALIVE
	fd, _ := sys.Socket(sys.AF_INET, sys.SOCK_STREAM, 0)
	_ = fd
}

// A socket bound to an address of another interface, or to every
// interface, is reached from other hosts: a site.
func boundElsewhere(port int) (int, error) {
	fd, err := sys.Socket(sys.AF_INET, sys.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		return -1, err
	}
	if err := sys.Bind(fd, &sys.SockaddrInet4{Port: port, Addr: [4]byte{10, 0, 0, 1}}); err != nil {
		return -1, err
	}
	return fd, sys.Listen(fd, 16)
}

func boundEverywhere(port int) (int, error) {
	fd, err := sys.Socket(sys.AF_INET6, sys.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		return -1, err
	}
	if err := sys.Bind(fd, &sys.SockaddrInet6{Port: port}); err != nil {
		return -1, err
	}
	return fd, sys.Listen(fd, 16)
}

// A Sockaddr variable whose address something else may write is not
// followed.
func connectedToWrittenVar(port int, resolve func(*sys.SockaddrInet4)) (int, error) {
	addr := sys.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}
	resolve(&addr)
	fd, err := sys.Socket(sys.AF_INET, sys.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		return -1, err
	}
	return fd, sys.Connect(fd, &addr)
}
