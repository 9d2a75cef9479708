package fdtaken

import (
	"net"
	"syscall"
)

// server keeps its listener as a *net.TCPListener and hands its
// SyscallConn to a poller that accepts raw (not shown).
type server struct {
	ln *net.TCPListener
}

func newServer(addr string) (*server, error) {
	ln, err := net.Listen("tcp", addr) // fix `on the listening socket too` // want `net.Listen \(its fd is taken with SyscallConn\) lets code accept raw, without keepalive`
	if err != nil {
		return nil, err
	}
	return &server{ln: ln.(*net.TCPListener)}, nil
}

func (s *server) rawConn() (syscall.RawConn, error) {
	return s.ln.SyscallConn()
}
