// Package client makes raw TCP sockets with golang.org/x/sys/unix: the
// fixes use unix's SetsockoptInt and constants, under the file's own
// import name.
package client

import (
	"github.com/pkg/errors"
	sysunix "golang.org/x/sys/unix"
)

// wrap wraps with errors.Wrap.
func wrap(sa sysunix.Sockaddr) (int, error) {
	fd, err := sysunix.Socket(sysunix.AF_INET, sysunix.SOCK_STREAM|sysunix.SOCK_CLOEXEC, sysunix.IPPROTO_TCP) // want `unix.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, errors.Wrap(err, "socket")
	}
	if err := sysunix.Connect(fd, sa); err != nil {
		_ = sysunix.Close(fd)
		return -1, errors.Wrapf(err, "connect %v", sa)
	}
	return fd, nil
}

// serve: a listening socket accepting with Accept4 on Linux; accepted
// sockets inherit the listener's options.
func serve(sa sysunix.Sockaddr, handle func(int)) error {
	lfd, err := sysunix.Socket(sysunix.AF_INET6, sysunix.SOCK_STREAM, 0) // want `unix.Socket \(listening; accepted sockets copy its options\)`
	if err != nil {
		return errors.WithStack(err)
	}
	if err := sysunix.Bind(lfd, sa); err != nil {
		return err
	}
	for {
		nfd, _, err := sysunix.Accept4(lfd, sysunix.SOCK_CLOEXEC)
		if err != nil {
			return err
		}
		handle(nfd)
	}
}
