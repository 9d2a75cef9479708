package listen

import (
	"context"
	"log"
	"net"
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

func listenTCPElsewhere(addr *net.TCPAddr) (*net.TCPListener, error) {
	return net.ListenTCP("tcp", addr) // want `net.ListenTCP relies on .*no automatic fix: its connections are accepted in another function`
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
