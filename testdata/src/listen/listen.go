package listen

import (
	"context"
	"log"
	"net"
	"os"
	"syscall"
)

func serve(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr) // want `net.Listen relies on Go's implicit keepalive`
	if err != nil {
		return err
	}
	defer ln.Close()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		c.Close()
	}
}

// reservePort never accepts: no connection is ever created, so it is
// not a site.
func reservePort() (string, error) {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func noContext(addr string) (net.Listener, error) {
	return net.Listen("tcp", addr) // want `net.Listen relies on`
}

func listenConfig(ctx context.Context, addr string) (net.Listener, error) {
	lc := net.ListenConfig{} // want `net.ListenConfig relies on`
	return lc.Listen(ctx, "tcp", addr)
}

func listenTCP(addr *net.TCPAddr) {
	ln, err := net.ListenTCP("tcp", addr) // want `net.ListenTCP relies on`
	if err != nil {
		log.Fatal(err)
	}
	for {
		c, err := ln.AcceptTCP()
		if err != nil {
			log.Print(err)
			continue
		}
		go handle(c)
	}
}

func listenTCPAccept(addr *net.TCPAddr) error {
	ln, err := net.ListenTCP("tcp4", addr) // want `net.ListenTCP relies on`
	if err != nil {
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

// Listeners accepted in another function listen through a ListenConfig.

// listenTCPAny listens on every address, on a port the system picks.
func listenTCPAny() (*net.TCPListener, error) {
	return net.ListenTCP("tcp", nil) // want `net.ListenTCP relies on`
}

// listenTCPPort returns the listener as a net.Listener: a failed
// listen returns the typed nil *net.TCPListener in it, as before.
func listenTCPPort(port int) (net.Listener, error) {
	return net.ListenTCP("tcp4", &net.TCPAddr{Port: port}) // want `net.ListenTCP relies on`
}

func listenTCPResolved(addr string) (*net.TCPListener, error) {
	laddr, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return nil, err
	}
	return net.ListenTCP("tcp", laddr) // want `net.ListenTCP relies on`
}

type tcpServer struct {
	ln *net.TCPListener
}

// start stores the listener; serve accepts on it.
func (s *tcpServer) start(addr string) error {
	laddr, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return err
	}
	s.ln, err = net.ListenTCP("tcp", laddr) // want `net.ListenTCP relies on`
	if err != nil {
		return err
	}
	go s.serve()
	return nil
}

func (s *tcpServer) serve() {
	for {
		c, err := s.ln.AcceptTCP()
		if err != nil {
			return
		}
		go handle(c)
	}
}

// startPassed passes the listener to the function that accepts.
func startPassed() (string, error) {
	ln, err := net.ListenTCP("tcp", nil) // want `net.ListenTCP relies on`
	if err != nil {
		return "", err
	}
	go serveTCP(ln)
	return ln.Addr().String(), nil
}

func serveTCP(ln *net.TCPListener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		go handle(c)
	}
}

// restart assigns an err of the function's scope from a block: l is
// declared first, so that err is not shadowed.
func (s *tcpServer) restart(again bool) (err error) {
	if again {
		s.ln, err = net.ListenTCP("tcp", nil) // want `net.ListenTCP relies on`
	}
	return
}

// Refused, with what to do.

func listenTCPElsewhere(addr *net.TCPAddr) (*net.TCPListener, error) {
	return net.ListenTCP("tcp", addr) // want `net.ListenTCP relies on .*no automatic fix: set keepalive where Accept is called \(its address may be nil\)$`
}

func listenTCPUnchecked(addr string) (*net.TCPListener, error) {
	laddr, _ := net.ResolveTCPAddr("tcp", addr)
	return net.ListenTCP("tcp", laddr) // want `net.ListenTCP relies on .*no automatic fix: set keepalive where Accept is called \(its address may be nil\)$`
}

func listenTCPOn(network string) (*net.TCPListener, error) {
	return net.ListenTCP(network, nil) // want `net.ListenTCP with a non-constant network .*no automatic fix: make the network a constant tcp, tcp4 or tcp6$`
}

// listenerFile is a hook for (*net.TCPListener).File.
var listenerFile = (*net.TCPListener).File

// listenTCPFile hands the listener's fd on: a listener made from it
// (net.FileListener) keeps none of a ListenConfig's keepalive.
func listenTCPFile() (*os.File, error) {
	ln, err := net.ListenTCP("tcp", nil) // want `net.ListenTCP relies on .*no automatic fix: set keepalive where Accept is called$`
	if err != nil {
		return nil, err
	}
	defer ln.Close()
	go serveTCP(ln)
	return listenerFile(ln)
}

func handle(c net.Conn) { c.Close() }

// Not sites.

func packets(ctx context.Context, addr string) (net.PacketConn, error) {
	var lc net.ListenConfig
	return lc.ListenPacket(ctx, "udp", addr)
}

func unixListener(path string) (net.Listener, error) {
	return net.Listen("unix", path)
}

func coveredAccept(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			continue
		}
		c.(*net.TCPConn).SetKeepAlivePeriod(0)
		go handle(c)
	}
}

// listenReuse assigns Control anew behind an option: under the default
// policy the fix writes KeepAliveConfig alone, which that leaves alone
// (under -user-timeout the fix needs Control: package controlut).
func listenReuse(ctx context.Context, addr string, reuse bool) (net.Listener, error) {
	var lc net.ListenConfig // fix `Turn keepalive on: 30s idle` // want `net.ListenConfig declared without a value relies on Go's implicit keepalive`
	if reuse {
		lc.Control = reusePort
	}
	return lc.Listen(ctx, "tcp", addr)
}

func reusePort(network, address string, c syscall.RawConn) error { return nil }

// listenEach keeps its listeners in a slice and accepts on them in
// another method: its address is a local set only to &net.TCPAddr{...}.
func (s *multiServer) listenEach(ips []net.IP, port int) error {
	for _, ip := range ips {
		tcpAddr := &net.TCPAddr{IP: ip, Port: port}
		tcpLn, err := net.ListenTCP("tcp", tcpAddr) // want `net.ListenTCP relies on`
		if err != nil {
			return err
		}
		s.lns = append(s.lns, tcpLn)
	}
	return nil
}

type multiServer struct{ lns []*net.TCPListener }
