package fdtaken

import (
	"errors"
	"net"
	"net/http"
	"os"

	"fdtakenlib"
)

// createListener is cloudwego/netpoll's shape: the listener is passed
// to a function of the package (convertListener) that stores it in a
// field, whose File another method (parseFD) takes in a type switch;
// the connections are accepted raw from that fd.
func createListener(network, addr string) (*rawListener, error) {
	ln, err := net.Listen(network, addr) // fix `on the listening socket too` // want `net.Listen \(its fd is taken with File by convertListener\) with a non-constant network lets code accept raw, without keepalive`
	if err != nil {
		return nil, err
	}
	return convertListener(ln)
}

type rawListener struct {
	ln   net.Listener
	file *os.File
	fd   int
}

func convertListener(l net.Listener) (*rawListener, error) {
	rl := &rawListener{}
	rl.ln = l
	return rl, rl.parseFD()
}

func (rl *rawListener) parseFD() (err error) {
	switch tl := rl.ln.(type) {
	case *net.TCPListener:
		rl.file, err = tl.File()
	case *net.UnixListener:
		rl.file, err = tl.File()
	default:
		return errors.New("not a TCP or unix listener")
	}
	if err != nil {
		return err
	}
	rl.fd = int(rl.file.Fd())
	return nil
}

// rawServer gets its listener through a method, which hands it on to
// another method that takes its File in a type switch over the
// parameter.
type rawServer struct {
	file *os.File
}

func newRawServer(addr string) (*rawServer, error) {
	ln, err := net.Listen("tcp", addr) // fix `on the listening socket too` // want `net.Listen \(its fd is taken with File by attach\) lets code accept raw, without keepalive`
	if err != nil {
		return nil, err
	}
	s := &rawServer{}
	return s, s.attach(ln)
}

func (s *rawServer) attach(l net.Listener) error {
	if l == nil {
		return errors.New("no listener")
	}
	return s.keepFile(l)
}

func (s *rawServer) keepFile(l net.Listener) (err error) {
	switch tl := l.(type) {
	case *net.TCPListener:
		s.file, err = tl.File()
		return err
	}
	return errors.New("not a TCP listener")
}

// acceptOnly passes its listener to a function of the package that
// only accepts on it with Go's Accept, and to net/http, which is not
// followed: the fix is a Go listener's, unchanged.
func acceptOnly(addr string) error {
	ln, err := net.Listen("tcp", addr) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s` // want `net.Listen relies on Go's implicit keepalive: a dead idle peer is noticed after about 2m30s`
	if err != nil {
		return err
	}
	if err := serveGo(ln); err != nil {
		return err
	}
	return http.Serve(ln, nil)
}

// otherPackage passes its listener to a function of another package,
// which takes its fd: that function is not followed, so the fix is a
// Go listener's (a known gap).
func otherPackage(addr string) (*fdtakenlib.Raw, error) {
	ln, err := net.Listen("tcp", addr) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s` // want `net.Listen relies on Go's implicit keepalive: a dead idle peer is noticed after about 2m30s`
	if err != nil {
		return nil, err
	}
	return fdtakenlib.Take(ln)
}

// reopen passes its listener to a function of the package that hands
// the listener's File to net.FileListener: Go's Accept on that
// listener sets Go's keepalive, so the fix is a Go listener's,
// unchanged.
func reopen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s` // want `net.Listen relies on Go's implicit keepalive: a dead idle peer is noticed after about 2m30s`
	if err != nil {
		return nil, err
	}
	defer ln.Close()
	return duplicate(ln, 2)
}

// duplicate calls itself: a parameter being followed takes nothing
// more.
func duplicate(l net.Listener, n int) (net.Listener, error) {
	if n > 1 {
		return duplicate(l, n-1)
	}
	f, err := l.(*net.TCPListener).File()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return net.FileListener(f)
}

// gevListener is Allenxuxu/gev's shape: the listener comes from one of
// two branches, its File is kept in a field of the struct that also
// keeps the fd for an event loop, which accepts on it raw.
type gevListener struct {
	file *os.File
	fd   int
	ln   net.Listener
}

func newGevListener(network, addr string, reuse bool) (*gevListener, error) {
	var ls net.Listener
	var err error
	if reuse {
		ls, err = reuseListen(network, addr)
	} else {
		ls, err = net.Listen(network, addr) // want `net.Listen \(its fd is taken with File\) with a non-constant network lets code accept raw`
	}
	if err != nil {
		return nil, err
	}
	l, ok := ls.(*net.TCPListener)
	if !ok {
		return nil, errors.New("could not get file descriptor")
	}
	file, err := l.File()
	if err != nil {
		return nil, err
	}
	return &gevListener{file: file, fd: int(file.Fd()), ln: ls}, nil
}

func reuseListen(network, addr string) (net.Listener, error) { return nil, errors.New("no reuseport") }
