// Package sock wraps syscall.Socket the way net's sysSocket does. // want package:"hasKeepAliveFacts"
// Its constructors' bodies are never sites: their callers are, where
// their arguments make a TCP socket.
package sock

import (
	"errors"
	"os"
	"syscall"
)

// Socket passes all three arguments through, with close-on-exec.
func Socket(family, sotype, proto int) (int, error) { // want Socket:`socketConstructor\(syscall domain=param0 type=param1 proto=param2 fd=result0\)`
	syscall.ForkLock.RLock()
	s, err := syscall.Socket(family, sotype, proto)
	if err == nil {
		syscall.CloseOnExec(s)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	return s, nil
}

// Stream fixes the type and calls Socket: a constructor through
// another.
func Stream(family int) (int, error) { // want Stream:`socketConstructor\(syscall domain=param0 type=1 proto=0 fd=result0\)`
	return Socket(family, syscall.SOCK_STREAM, 0)
}

// Pair returns the fd as its second result, named.
func Pair(family int) (name string, fd int, err error) { // want Pair:`socketConstructor\(syscall domain=param0 type=1 proto=0 fd=result1\)`
	fd, err = Stream(family)
	name = "pair"
	return
}

// Family names the address families for callers that do not import
// syscall.
const (
	INET  = syscall.AF_INET
	INET6 = syscall.AF_INET6
	UNIX  = syscall.AF_UNIX
)

// Conn holds a socket's fd the way mdlayher/socket's Conn does:
// callers reach the fd only through SyscallConn.
type Conn struct {
	f  *os.File
	rc syscall.RawConn
}

// NewConn takes fd over.
func NewConn(fd int, name string) (*Conn, error) {
	f := os.NewFile(uintptr(fd), name)
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Conn{f: f, rc: rc}, nil
}

// SyscallConn gives the fd.
func (c *Conn) SyscallConn() (syscall.RawConn, error) { return c.rc, nil }

// Close closes the socket.
func (c *Conn) Close() error { return c.f.Close() }

// SetsockoptInt sets an option on the socket.
func (c *Conn) SetsockoptInt(level, opt, value int) error {
	var err error
	if cerr := c.rc.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), level, opt, value) }); cerr != nil {
		return cerr
	}
	return err
}

// SetReadBuffer sets SO_RCVBUF.
func (c *Conn) SetReadBuffer(n int) error {
	return c.SetsockoptInt(syscall.SOL_SOCKET, syscall.SO_RCVBUF, n)
}

// Connect connects the socket.
func (c *Conn) Connect(sa syscall.Sockaddr) error {
	var err error
	if cerr := c.rc.Control(func(fd uintptr) { err = syscall.Connect(int(fd), sa) }); cerr != nil {
		return cerr
	}
	return err
}

// Open returns the socket it creates as a *Conn: a constructor whose
// result holds the fd.
func Open(family, sotype, proto int) (*Conn, error) { // want Open:`socketConstructor\(syscall domain=param0 type=param1 proto=param2 fd=in result0\)`
	fd, err := syscall.Socket(family, sotype, proto)
	if err != nil {
		return nil, err
	}
	return NewConn(fd, "socket")
}

// FD holds a socket's fd in a field, as net's netFD does.
type FD struct {
	Sysfd  int
	family int
}

// Close closes the socket.
func (fd *FD) Close() error { return syscall.Close(fd.Sysfd) }

// NewFD makes a stream socket held in FD.Sysfd, through another
// constructor.
func NewFD(family int) (*FD, error) { // want NewFD:`socketConstructor\(syscall domain=param0 type=1 proto=0 fd=result0.Sysfd\)`
	s, err := Stream(family)
	if err != nil {
		return nil, err
	}
	nfd := &FD{Sysfd: s, family: family}
	return nfd, nil
}

// Bind binds the socket.
func (c *Conn) Bind(sa syscall.Sockaddr) error {
	var err error
	if cerr := c.rc.Control(func(fd uintptr) { err = syscall.Bind(int(fd), sa) }); cerr != nil {
		return cerr
	}
	return err
}

// Listen makes c a listening socket.
func (c *Conn) Listen(n int) error {
	var err error
	if cerr := c.rc.Control(func(fd uintptr) { err = syscall.Listen(int(fd), n) }); cerr != nil {
		return cerr
	}
	return err
}

// Accept accepts a connection, held alike.
func (c *Conn) Accept() (*Conn, error) {
	var nfd int
	var err error
	if cerr := c.rc.Control(func(fd uintptr) { nfd, _, err = syscall.Accept(int(fd)) }); cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, err
	}
	return NewConn(nfd, "accepted")
}

// The shape of Go's net package, as netpoll copies it: socket returns
// a *netFD that newNetFD fills in, and internetSocket takes the family
// from the network string through favoriteFamily.

type netFD struct{ fd, family int }

func newNetFD(fd, family int) *netFD {
	ret := &netFD{}
	ret.fd = fd
	ret.family = family
	return ret
}

func favoriteFamily(network string) (family int, ipv6only bool) {
	switch network[len(network)-1] {
	case '4':
		return syscall.AF_INET, false
	case '6':
		return syscall.AF_INET6, true
	}
	return syscall.AF_INET6, false
}

func socket(network string, family, sotype, proto int) (nfd *netFD, err error) { // want socket:`socketConstructor\(syscall domain=param1 type=param2 proto=param3 fd=result0.fd\)`
	var fd int
	fd, err = Socket(family, sotype, proto)
	if err != nil {
		return nil, err
	}
	nfd = newNetFD(fd, family)
	return nfd, nil
}

func internetSocket(network string, sotype, proto int) (*netFD, error) { // want internetSocket:`socketConstructor\(syscall domain=\d+ type=param1 proto=param2 fd=result0.fd\)`
	family, _ := favoriteFamily(network)
	return socket(network, family, sotype, proto)
}

// DialStream's call of internetSocket is the site: a stream socket of
// an internet family, whatever the network string says.
func DialStream(network string, sa syscall.Sockaddr) (int, error) {
	nfd, err := internetSocket(network, syscall.SOCK_STREAM, 0) // want `internetSocket \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return nfd.fd, syscall.Connect(nfd.fd, sa)
}

// unixFamily's family is AF_UNIX on every successful return: no site.
func unixFamily(network string) (int, error) {
	if network != "unix" {
		return 0, errors.New("not unix")
	}
	return syscall.AF_UNIX, nil
}

func DialUnix(network string, sa syscall.Sockaddr) (int, error) {
	family, err := unixFamily(network)
	if err != nil {
		return -1, err
	}
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	return fd, syscall.Connect(fd, sa)
}

// OpenFile returns the socket as an *os.File, whose SyscallConn
// reaches the fd.
func OpenFile(family int) (*os.File, error) { // want OpenFile:`socketConstructor\(syscall domain=param0 type=1 proto=0 fd=in result0\)`
	fd, err := Stream(family)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), "socket"), nil
}
