// Package use receives the TCP fds that package sock hands out: the
// sites are its calls of sock.TCPSocket that nobody configures.
package use

import (
	"syscall"
	"time"

	"rawret/sock"
)

// Options are the package's own options, as a server library has.
type Options struct{ TCPKeepAlive time.Duration }

type listener struct {
	fd   int
	addr string
}

// open stores the fd in a field; initListener, which calls it, turns
// keepalive on for that field behind the option: covered.
func (ln *listener) open() (err error) {
	ln.fd, err = sock.TCPSocket(ln.addr)
	return err
}

func initListener(addr string, opts *Options) (*listener, error) {
	ln := &listener{addr: addr}
	if err := ln.open(); err != nil {
		return nil, err
	}
	if opts.TCPKeepAlive > 0 {
		if err := sock.SetKeepAlive(ln.fd, true); err != nil {
			return nil, err
		}
	}
	return ln, nil
}

// dial turns keepalive on in the same function, behind the option:
// covered.
func dial(addr string, opts *Options) (int, error) {
	fd, err := sock.TCPSocket(addr)
	if err != nil {
		return -1, err
	}
	if opts.TCPKeepAlive > 0 {
		sock.SetKeepAlive(fd, true)
	}
	return fd, nil
}

// Dial hands the fd on to other packages, but this package exports no
// keepalive setter for them to decide with: the fd leaves the package
// undecided here, which is the site.
func Dial(addr string) (int, error) {
	fd, err := sock.TCPSocket(addr) // want `sock.TCPSocket \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}

// connect never turns keepalive on: the site is here, where the fd
// comes into this package.
func connect(addr string) (int, error) {
	fd, err := sock.TCPSocket(addr) // want `sock.TCPSocket \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}

type server struct{ fd int }

// listen keeps the listening socket in a field that nothing turns
// keepalive on for: a site, though accept configures every fd it
// accepts behind the option. Accepted fds configured in another
// function do not cover the listening socket (they are not followed
// back to it); the fix sets the options on the listening socket,
// whose accepted sockets inherit them on Linux.
func (s *server) listen(addr string) error {
	var err error
	s.fd, err = sock.TCPSocket(addr) // want `sock.TCPSocket \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return err
	}
	return nil
}

func (s *server) accept(opts *Options) (int, error) {
	nfd, _, err := syscall.Accept(s.fd)
	if err != nil {
		return -1, err
	}
	if opts.TCPKeepAlive > 0 {
		sock.SetKeepAlive(nfd, true)
	}
	return nfd, nil
}

var _ = []any{initListener, dial, connect, (*server).listen, (*server).accept}
