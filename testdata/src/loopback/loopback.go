// Package loopback dials and listens on this host: when a peer on this
// host dies, the kernel closes the connection at once, so these are not
// sites unless -loopback asks for them. The lines marked "// local"
// are what -loopback reports on top of the expected diagnostics
// (TestLoopbackReported).
package loopback

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// Constant loopback addresses.

func local() (net.Conn, error) {
	return net.Dial("tcp", "127.0.0.1:6379") // local
}

func localhost() (net.Conn, error) {
	return net.Dial("tcp", "localhost:5432") // local
}

func six() (net.Listener, error) {
	return net.Listen("tcp6", "[::1]:0") // local
}

func variable() (net.Conn, error) {
	addr := "127.0.0.2:80"
	return net.Dial("tcp", addr) // local
}

func dialer(ctx context.Context) (net.Conn, error) {
	d := &net.Dialer{} // local
	return d.DialContext(ctx, "tcp", "localhost:80")
}

// The address of a listener of this process.

func listenerAddr(ln net.Listener) (net.Conn, error) {
	return net.Dial("tcp", ln.Addr().String()) // local
}

func tcpListenerAddr(ln *net.TCPListener) error {
	c, err := net.DialTCP("tcp", nil, ln.Addr().(*net.TCPAddr)) // local
	if err != nil {
		return err
	}
	return ping(c)
}

type server struct{ ln net.Listener }

func (s *server) dialSelf() (net.Conn, error) {
	return net.Dial("tcp", s.ln.Addr().String()) // local
}

func addrInVariable(ln net.Listener) (net.Conn, error) {
	addr := ln.Addr().String()
	return net.Dial("tcp", addr) // local
}

func everyAssignmentLocal(ln net.Listener, useListener bool) (net.Conn, error) {
	addr := "127.0.0.1:80"
	if useListener {
		addr = ln.Addr().String()
	}
	return net.Dial("tcp", addr) // local
}

func dialerForListener(ctx context.Context, ln net.Listener) (net.Conn, error) {
	d := &net.Dialer{} // local
	return d.DialContext(ctx, "tcp", ln.Addr().String())
}

func tlsDial(ln net.Listener, cfg *tls.Config) (*tls.Conn, error) {
	return tls.Dial("tcp", ln.Addr().String(), cfg) // local
}

// Loopback spelled with a part that is not a constant.

func joinHostPort(port string) (net.Conn, error) {
	return net.Dial("tcp", net.JoinHostPort("127.0.0.1", port)) // local
}

func sprintf(port int) (net.Conn, error) {
	return net.Dial("tcp", fmt.Sprintf("localhost:%d", port)) // local
}

func sprintfSix(port int) (net.Listener, error) {
	return net.Listen("tcp", fmt.Sprintf("[::1]:%d", port)) // local
}

func concat(port string) (net.Conn, error) {
	return net.Dial("tcp", "127.0.0.1:"+port) // local
}

func tcpAddrLiteral(port int) error {
	c, err := net.DialTCP("tcp", nil, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port}) // local
	if err != nil {
		return err
	}
	return ping(c)
}

func listenTCPLoopback() error {
	ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.IPv6loopback}) // local
	if err != nil {
		return err
	}
	c, err := ln.AcceptTCP()
	if err != nil {
		return err
	}
	return c.Close()
}

func listenTCPParsed() error {
	laddr := &net.TCPAddr{IP: net.ParseIP("::1")}
	ln, err := net.ListenTCP("tcp6", laddr) // local
	if err != nil {
		return err
	}
	c, err := ln.Accept()
	if err != nil {
		return err
	}
	return c.Close()
}

func listenTCPResolved() error {
	laddr, err := net.ResolveTCPAddr("tcp", "localhost:0")
	if err != nil {
		return err
	}
	ln, err := net.ListenTCP("tcp", laddr) // local
	if err != nil {
		return err
	}
	c, err := ln.Accept()
	if err != nil {
		return err
	}
	return c.Close()
}

func listenConfigJoined(ctx context.Context, port string) (net.Listener, error) {
	lc := net.ListenConfig{} // local
	return lc.Listen(ctx, "tcp", net.JoinHostPort("localhost", port))
}

func dialerDialTCP(ctx context.Context, d *net.Dialer) error {
	var dd net.Dialer // local
	c, err := dd.DialTCP(ctx, "tcp", netip.AddrPort{}, netip.MustParseAddrPort("127.0.0.1:8080"))
	if err != nil {
		return err
	}
	return ping(c)
}

// Sites with or without -loopback: another host, or a host that may be
// another.

func remote() (net.Conn, error) {
	return net.Dial("tcp", "db.example.com:5432") // want `net.Dial relies on Go's implicit keepalive`
}

// mixed is a Dialer used for loopback and for another host.
func mixed(ctx context.Context, host string) (net.Conn, error) {
	d := &net.Dialer{} // want `net.Dialer relies on Go's implicit keepalive`
	if host == "" {
		return d.DialContext(ctx, "tcp", "127.0.0.1:80")
	}
	return d.DialContext(ctx, "tcp", host)
}

// mixedListener is a Dialer used for a listener of this process and
// for another host.
func mixedListener(ctx context.Context, ln net.Listener, remote string) (net.Conn, error) {
	d := &net.Dialer{} // want `net.Dialer relies on Go's implicit keepalive`
	if _, err := d.DialContext(ctx, "tcp", ln.Addr().String()); err != nil {
		return nil, err
	}
	return d.DialContext(ctx, "tcp", remote)
}

func hostVariable(host, port string) (net.Conn, error) {
	return net.Dial("tcp", net.JoinHostPort(host, port)) // want `net.Dial relies on`
}

func sprintfRemote(port int) (net.Conn, error) {
	return net.Dial("tcp", fmt.Sprintf("db.example.com:%d", port)) // want `net.Dial relies on`
}

func sprintfHostVariable(host string) (net.Conn, error) {
	return net.Dial("tcp", fmt.Sprintf("%s:5432", host)) // want `net.Dial relies on`
}

func sprintfHostPart(shard int) (net.Conn, error) {
	return net.Dial("tcp", fmt.Sprintf("db%d.example.com:5432", shard)) // want `net.Dial relies on`
}

// concatNoPort may be 127.0.0.1.example.com:80: the host does not end
// in the constant.
func concatNoPort(rest string) (net.Conn, error) {
	return net.Dial("tcp", "127.0.0.1"+rest) // want `net.Dial relies on`
}

// alsoRemote is assigned a listener's address and another host.
func alsoRemote(ln net.Listener, remote string) (net.Conn, error) {
	addr := ln.Addr().String()
	if remote != "" {
		addr = remote
	}
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}

// parameter starts with the caller's value, which may be any host.
func parameter(addr string) (net.Conn, error) {
	if addr == "" {
		addr = "localhost:80"
	}
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}

// addressTaken may be written through the pointer.
func addressTaken(set func(*string)) (net.Conn, error) {
	addr := "127.0.0.1:80"
	set(&addr)
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}

func unknownCall(lookup func() string) (net.Conn, error) {
	return net.Dial("tcp", lookup()) // want `net.Dial relies on`
}

func trimRemote(u string) (net.Conn, error) {
	return net.Dial("tcp", strings.TrimPrefix(u, "http://")) // want `net.Dial relies on`
}

// peer has an Addr method but is not a listener: its address may be
// another host's.
type peer struct{ addr net.Addr }

func (p peer) Addr() net.Addr { return p.addr }

func notListener(p peer) (net.Conn, error) {
	return net.Dial("tcp", p.Addr().String()) // want `net.Dial relies on`
}

func otherIPv4(port int) error {
	c, err := net.DialTCP("tcp", nil, &net.TCPAddr{IP: net.IPv4(10, 0, 0, 1), Port: port}) // want `net.DialTCP relies on`
	if err != nil {
		return err
	}
	return ping(c)
}

// localLaddr dials from loopback to any host: raddr decides.
func localLaddr(ctx context.Context, raddr netip.AddrPort) error {
	var d net.Dialer // want `net.Dialer declared without a value relies on`
	c, err := d.DialTCP(ctx, "tcp", netip.MustParseAddrPort("127.0.0.1:0"), raddr)
	if err != nil {
		return err
	}
	return ping(c)
}

// Listeners that remote peers can reach.

func listenAll() (net.Listener, error) {
	return net.Listen("tcp", ":0") // want `net.Listen relies on`
}

func listenUnspecified() (net.Listener, error) {
	return net.Listen("tcp", "0.0.0.0:0") // want `net.Listen relies on`
}

// listenLikeListener binds another listener's address, which may be
// every interface.
func listenLikeListener(other net.Listener) (net.Listener, error) {
	return net.Listen("tcp", other.Addr().String()) // want `net.Listen relies on`
}

// listenParsedName: net.ParseIP("localhost") is nil, every interface.
func listenParsedName() error {
	ln, err := net.ListenTCP("tcp", &net.TCPAddr{IP: net.ParseIP("localhost")}) // want `net.ListenTCP relies on`
	if err != nil {
		return err
	}
	c, err := ln.AcceptTCP()
	if err != nil {
		return err
	}
	return c.Close()
}

// ping writes to c and closes it: a connection that carries data. The
// dial of a connection that is only closed is a probe, and no site.
func ping(c net.Conn) error {
	defer c.Close()
	_, err := c.Write([]byte("ping\n"))
	return err
}

// pingDialed pings the connection a dial returns.
func pingDialed(c net.Conn, err error) error {
	if err != nil {
		return err
	}
	return ping(c)
}

// An unexported package-level variable that only its declaration
// writes is followed like a local one.
var serverAddr = "127.0.0.1:9999"

func dialPackageVar() (net.Conn, error) {
	return net.Dial("tcp", serverAddr) // local
}

// One that the package writes elsewhere, or an exported one (other
// packages may write it), is not.
var upstreamAddr = "127.0.0.1:8080"

func SetUpstream(addr string) { upstreamAddr = addr }

func dialUpstream() (net.Conn, error) {
	return net.Dial("tcp", upstreamAddr) // want `net.Dial relies on`
}

var PeerAddr = "localhost:7000"

func dialPeer() (net.Conn, error) {
	return net.Dial("tcp", PeerAddr) // want `net.Dial relies on`
}

// A function literal that is only ever called with loopback addresses:
// its parameter is local too (nbio's lmux test).
func closureParams() []net.Conn {
	addr1, addr2 := "localhost:8001", "127.0.0.1:8002"
	listen := func(addr string) net.Listener {
		ln, err := net.Listen("tcp", addr) // local
		if err != nil {
			return nil
		}
		return ln
	}
	listen(addr1)
	listen(addr2)
	var conns []net.Conn
	dialN := func(n int, addr string) {
		for i := 0; i < n; i++ {
			func() {
				c, err := net.Dial("tcp", addr) // local
				if err == nil {
					conns = append(conns, c)
				}
			}()
		}
	}
	dialN(3, addr1)
	func(addr string) {
		c, err := net.Dial("tcp", addr) // local
		if err == nil {
			conns = append(conns, c)
		}
	}("[::1]:8003")
	return conns
}

// One called with another address, or that escapes, is not.
func closureParamsRemote(remote string) (func(string) net.Conn, net.Conn) {
	dial := func(addr string) net.Conn {
		c, err := net.Dial("tcp", addr) // want `net.Dial relies on`
		if err != nil {
			return nil
		}
		return c
	}
	dial("localhost:1")
	other := dial(remote)
	escaped := func(addr string) net.Conn {
		c, err := net.Dial("tcp", addr) // want `net.Dial relies on`
		if err != nil {
			return nil
		}
		return c
	}
	escaped("localhost:2")
	return escaped, other
}
