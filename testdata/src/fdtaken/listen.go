package fdtaken

import (
	"net"
	"os"
	"os/exec"
)

// serveBoth serves with Go's Accept, or raw from an event loop that
// gets the listener's fd: the listener is a local variable whose File
// is taken here and accepted raw in eventLoop.
func serveBoth(addr string, raw bool) error {
	ln, err := net.Listen("tcp", addr) // fix `on the listening socket too` // want `net.Listen \(its fd is taken with File\) lets code accept raw, without keepalive`
	if err != nil {
		return err
	}
	if !raw {
		return serveGo(ln)
	}
	f, err := ln.(*net.TCPListener).File()
	if err != nil {
		return err
	}
	defer f.Close()
	return eventLoop(int(f.Fd()))
}

func serveGo(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		c.Close()
	}
}

// listener is held in a struct field, and its File is taken in a type
// switch in another function (system, in loop_unix.go), as an event
// loop library does.
type listener struct {
	ln net.Listener
	f  *os.File
	fd int
}

func (l *listener) listen(network, addr string) error {
	var err error
	l.ln, err = net.Listen(network, addr) // fix `on the listening socket too` // want `net.Listen \(its fd is taken with File\) with a non-constant network lets code accept raw, without keepalive`
	return err
}

func (l *listener) close() {
	if l.f != nil {
		l.f.Close()
	}
	l.ln.Close()
}

// prefork hands the listener's file to child processes, which make a
// Go listener of it with net.FileListener: Go's Accept there sets Go's
// keepalive over the listening socket's options, so the fix is a Go
// listener's, unchanged.
type prefork struct {
	ln    net.Listener
	files []*os.File
}

func (p *prefork) listen(addr string) error {
	ln, err := net.Listen("tcp", addr) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s` // want `net.Listen relies on Go's implicit keepalive: a dead idle peer is noticed after about 2m30s`
	if err != nil {
		return err
	}
	f, err := ln.(*net.TCPListener).File()
	if err != nil {
		ln.Close()
		return err
	}
	p.ln = ln
	p.files = append(p.files, f)
	return nil
}

func (p *prefork) child() *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-child")
	cmd.ExtraFiles = p.files
	return cmd
}

// plain takes no fd: Go's Accept creates every connection, and the fix
// is a Go listener's, unchanged.
func plain(addr string) error {
	ln, err := net.Listen("tcp", addr) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s` // want `net.Listen relies on Go's implicit keepalive: a dead idle peer is noticed after about 2m30s`
	if err != nil {
		return err
	}
	go serveGo(ln)
	return nil
}
