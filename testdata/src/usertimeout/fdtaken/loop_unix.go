//go:build unix

package fdtaken

import (
	"net"
	"syscall"
)

// system takes the fd of the listener held in l.ln.
func (l *listener) system() error {
	var err error
	switch tl := l.ln.(type) {
	case *net.TCPListener:
		l.f, err = tl.File()
	case *net.UnixListener:
		l.f, err = tl.File()
	}
	if err != nil {
		return err
	}
	l.fd = int(l.f.Fd())
	return syscall.SetNonblock(l.fd, true)
}

// eventLoop accepts raw on the fd of a listener it is given.
func eventLoop(fd int) error {
	for {
		nfd, _, err := syscall.Accept(fd)
		if err != nil {
			return err
		}
		syscall.Close(nfd)
	}
}
