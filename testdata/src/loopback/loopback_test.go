package loopback

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
)

// TestServer dials its own servers, as tests do.
func TestServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	if err := pingDialed(net.Dial("tcp", srv.Listener.Addr().String())); err != nil { // local
		t.Fatal(err)
	}
	if err := pingDialed(net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))); err != nil { // local
		t.Fatal(err)
	}
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if err := pingDialed(net.Dial("tcp", u.Host)); err != nil { // local
		t.Fatal(err)
	}
}

// TestListener dials a listener on every interface and an ephemeral
// port: in a test, no other host can know that port, so neither the
// listener nor dialing its address is a site.
func TestListener(t *testing.T) {
	ln, err := net.Listen("tcp", ":0") // local
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go ln.Accept()
	c, err := net.Dial("tcp", ln.Addr().String()) // local
	if err != nil {
		t.Fatal(err)
	}
	ping(c)
	port := ln.Addr().(*net.TCPAddr).Port
	c2, err := net.DialTCP("tcp", nil, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}) // local
	if err != nil {
		t.Fatal(err)
	}
	ping(c2)
}

// TestTLSDialer dials its own server through a tls.Dialer: local, like
// a net.Dialer's dial; and a remote host, which stays a site.
func TestTLSDialer(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	local := &tls.Dialer{Config: &tls.Config{InsecureSkipVerify: true}} // local
	if err := pingDialed(local.DialContext(context.Background(), "tcp", srv.Listener.Addr().String())); err != nil {
		t.Fatal(err)
	}
	loop := &tls.Dialer{} // local
	if err := pingDialed(loop.Dial("tcp", "127.0.0.1:443")); err != nil {
		t.Log(err)
	}
	remote := &tls.Dialer{} // want `tls.Dialer without a NetDialer relies on`
	if err := pingDialed(remote.Dial("tcp", "example.com:443")); err != nil {
		t.Log(err)
	}
}

// TestFixedPort listens on every interface on a fixed port: remote
// peers can connect, so the listener is a site even in a test.
func TestFixedPort(t *testing.T) {
	ln, err := net.Listen("tcp", ":7070") // want `net.Listen relies on`
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go ln.Accept()
}

// TestEphemeralTCP listens with ListenTCP on an ephemeral port: no site.
func TestEphemeralTCP(t *testing.T) {
	ln, err := net.ListenTCP("tcp", nil) // local
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := ln.AcceptTCP()
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

// TestEphemeralAnyIP listens on every IPv4 interface, ephemeral port.
func TestEphemeralAnyIP(t *testing.T) {
	ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv4zero}) // local
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := ln.AcceptTCP()
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

// TestListenInLoop declares its address nil and sets it to a loopback
// address right before each listen (memberlist's TCPPing).
func TestListenInLoop(t *testing.T) {
	var addr *net.TCPAddr
	for port := 60000; port < 61000; port++ {
		addr = &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: port}
		ln, err := net.ListenTCP("tcp", addr) // local
		if err != nil {
			continue
		}
		defer ln.Close()
		c, err := ln.AcceptTCP()
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		return
	}
	t.Fatal("no listener")
}

// TestListenAfterChange: the address changes between the assignment
// and the listen, so the listen is a site.
func TestListenAfterChange(t *testing.T) {
	addr := &net.TCPAddr{IP: net.ParseIP("127.0.0.1"), Port: 1}
	if len(t.Name()) > 100 {
		addr = &net.TCPAddr{Port: 2}
	}
	ln, err := net.ListenTCP("tcp", addr) // want `net.ListenTCP relies on`
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := ln.AcceptTCP()
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}

// RunLocalServer starts a test server and returns its address (miekg/dns):
// its callers pass ":0" or a loopback address, and dial what it returns.
func RunLocalServer(laddr string) (net.Listener, string, error) {
	ln, err := net.Listen("tcp", laddr) // local
	if err != nil {
		return nil, "", err
	}
	return serveLocal(ln, nil)
}

func serveLocal(ln net.Listener, pc net.PacketConn) (net.Listener, string, error) {
	var addr string
	if ln != nil {
		addr = ln.Addr().String()
	} else {
		addr = pc.LocalAddr().String()
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	return ln, addr, nil
}

func TestRunLocalServer(t *testing.T) {
	ln, addr, err := RunLocalServer(":0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.Dial("tcp", addr) // local
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("ping"))
	c.Close()
	ln2, _, err := RunLocalServer("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln2.Close()
}

// listenOn is called with a remote address too: its listen is a site.
func listenOn(addr string) (net.Listener, error) {
	return net.Listen("tcp", addr) // want `net.Listen relies on`
}

func TestListenOn(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:0", "192.0.2.1:80"} {
		if ln, err := listenOn(addr); err == nil {
			ln.Close()
		}
	}
	if ln, err := listenOn("[::1]:0"); err == nil {
		ln.Close()
	}
	if ln, err := listenOn(os.Getenv("LISTEN_ADDR")); err == nil {
		ln.Close()
	}
}
