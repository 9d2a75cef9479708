package main

// Keepalive sites and negatives (SPEC section 2). Each site's line
// carries a "kafixgen:site KIND" comment, each negative's a
// "kafixgen:neg KIND" comment, so that tests and kafixbench can count
// them. $K is a name suffix unique in the package; $P names an imported
// package that has a raw-socket file (its SysSocket and EnableKeepAlive
// helpers), or this package's own when none is imported.

// siteTmpl is one kind of site (or negative) and its variants.
type siteTmpl struct {
	kind     string
	raw      bool // goes into the //go:build linux file
	variants []string
}

const (
	siteMark = "kafixgen:site"
	negMark  = "kafixgen:neg"
)

var siteKinds = []siteTmpl{
	{"net.Dial", false, []string{`
// dial$K connects to addr.
func dial$K(addr string) (net.Conn, error) {
	conn, err := net.Dial("tcp", addr) // kafixgen:site net.Dial
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	return conn, nil
}
`, `
// Client$K talks to one backend.
type Client$K struct {
	Addr string
	conn net.Conn
}

// Connect opens the client's connection.
func (c *Client$K) Connect() error {
	conn, err := net.Dial("tcp4", c.Addr) // kafixgen:site net.Dial
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	c.conn = conn
	return nil
}
`}},
	{"net.DialTimeout", false, []string{`
// dialTimeout$K connects to addr within a few seconds.
func dialTimeout$K(addr string) (net.Conn, error) {
	return net.DialTimeout("tcp", addr, 3*time.Second) // kafixgen:site net.DialTimeout
}
`, `
// ping$K reports whether addr answers a ping.
func ping$K(host, port string) bool {
	conn, err := net.DialTimeout("tcp", net.JoinHostPort(host, port), time.Duration($N)*time.Millisecond) // kafixgen:site net.DialTimeout
	if err != nil {
		return false
	}
	defer conn.Close()
	_, err = conn.Write([]byte("ping\n"))
	return err == nil
}
`}},
	{"net.DialTCP", false, []string{`
// dialTCP$K connects to addr and returns the TCP connection.
func dialTCP$K(addr string) (*net.TCPConn, error) {
	raddr, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return nil, err
	}
	conn, err := net.DialTCP("tcp", nil, raddr) // kafixgen:site net.DialTCP
	if err != nil {
		return nil, err
	}
	if err := conn.SetNoDelay(true); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}
`}},
	{"net.Dialer literal", false, []string{`
// dialContext$K connects to addr until ctx is done.
func dialContext$K(ctx context.Context, addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 5 * time.Second} // kafixgen:site net.Dialer literal
	return d.DialContext(ctx, "tcp", addr)
}
`, `
// dialer$K is shared by the package's clients.
var dialer$K = net.Dialer{Timeout: $N * time.Second, FallbackDelay: -1} // kafixgen:site net.Dialer literal

// dialShared$K connects with the shared dialer.
func dialShared$K(ctx context.Context, addr string) (net.Conn, error) {
	return dialer$K.DialContext(ctx, "tcp", addr)
}
`}},
	{"var net.Dialer", false, []string{`
// dialVar$K connects to addr with a zero dialer.
func dialVar$K(addr string) (net.Conn, error) {
	var d net.Dialer // kafixgen:site var net.Dialer
	d.Timeout = 2 * time.Second
	return d.Dial("tcp", addr)
}
`}},
	{"new(net.Dialer)", false, []string{`
// dialNew$K connects to addr over IPv6.
func dialNew$K(addr string) (net.Conn, error) {
	d := new(net.Dialer) // kafixgen:site new(net.Dialer)
	d.LocalAddr = nil
	return d.Dial("tcp6", addr)
}
`}},
	{"net.Listen", false, []string{`
// listen$K listens on addr.
func listen$K(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr) // kafixgen:site net.Listen
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	return ln, nil
}
`}},
	{"net.ListenConfig literal", false, []string{`
// listenConfig$K listens on addr until ctx is done.
func listenConfig$K(ctx context.Context, addr string) (net.Listener, error) {
	lc := net.ListenConfig{} // kafixgen:site net.ListenConfig literal
	return lc.Listen(ctx, "tcp", addr)
}
`}},
	{"net.ListenTCP accept loop", false, []string{`
// serve$K accepts connections on addr and hands them to handle.
func serve$K(addr string, handle func(net.Conn)) error {
	laddr, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return err
	}
	ln, err := net.ListenTCP("tcp", laddr) // kafixgen:site net.ListenTCP accept loop
	if err != nil {
		return err
	}
	defer ln.Close()
	for {
		conn, err := ln.AcceptTCP()
		if err != nil {
			return err
		}
		go handle(conn)
	}
}
`, `
// acceptLoop$K accepts connections on addr until an error.
func acceptLoop$K(addr *net.TCPAddr, conns chan<- net.Conn) error {
	ln, err := net.ListenTCP("tcp4", addr) // kafixgen:site net.ListenTCP accept loop
	if err != nil {
		return err
	}
	defer ln.Close()
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		conns <- c
	}
}
`}},
	{"tls.Dial", false, []string{`
// dialTLS$K connects to addr over TLS.
func dialTLS$K(addr string, cfg *tls.Config) (*tls.Conn, error) {
	return tls.Dial("tcp", addr, cfg) // kafixgen:site tls.Dial
}
`}},
	{"tls.Listen", false, []string{`
// listenTLS$K listens for TLS connections on addr.
func listenTLS$K(addr string, cfg *tls.Config) (net.Listener, error) {
	ln, err := tls.Listen("tcp", addr, cfg) // kafixgen:site tls.Listen
	if err != nil {
		return nil, err
	}
	return ln, nil
}
`}},
	{"SetKeepAlive(false)", false, []string{`
// quiet$K stops keepalive probes on c.
func quiet$K(c *net.TCPConn) error {
	return c.SetKeepAlive(false) // kafixgen:site SetKeepAlive(false)
}
`}},
	{"KeepAlive: -1", false, []string{`
// dialNoProbe$K connects to addr with keepalive turned off.
func dialNoProbe$K(addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: time.Second, KeepAlive: -1} // kafixgen:site KeepAlive: -1
	return d.Dial("tcp", addr)
}
`}},
	{"http.Transport dialer", false, []string{`
// transport$K is an HTTP transport with its own dialer.
func transport$K() *http.Transport {
	return &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext, // kafixgen:site http.Transport dialer
		MaxIdleConnsPerHost: $N,
	}
}
`}},
	{"syscall.Socket", true, []string{`
// rawSocket$K opens a TCP socket.
func rawSocket$K() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // kafixgen:site syscall.Socket
	if err != nil {
		return -1, err
	}
	return fd, nil
}
`, `
// rawSocket6$K opens a non-blocking TCP socket over IPv6.
func rawSocket6$K() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, syscall.IPPROTO_TCP) // kafixgen:site syscall.Socket
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	return fd, nil
}
`}},
	{"socket wrapper call", true, []string{`
// tcpSocket$K opens a TCP socket through the wrapper.
func tcpSocket$K() (int, error) {
	fd, err := $PSysSocket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // kafixgen:site socket wrapper call
	if err != nil {
		return -1, err
	}
	return fd, nil
}
`, `
// tcp6Socket$K opens an IPv6 TCP socket through the wrapper.
func tcp6Socket$K() (int, error) {
	fd, err := $PSysSocket(syscall.AF_INET6, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, syscall.IPPROTO_TCP) // kafixgen:site socket wrapper call
	if err != nil {
		return -1, fmt.Errorf("socket: %w", err)
	}
	return fd, nil
}
`}},
}

var negKinds = []siteTmpl{
	{"udp dial", false, []string{`
// dialUDP$K sends datagrams to addr.
func dialUDP$K(addr string) (net.Conn, error) {
	return net.Dial("udp", addr) // kafixgen:neg udp dial
}
`}},
	{"unix dial", false, []string{`
// dialUnix$K connects to a unix socket.
func dialUnix$K(path string) (net.Conn, error) {
	return net.DialTimeout("unix", path, time.Second) // kafixgen:neg unix dial
}
`}},
	{"unix listen", false, []string{`
// listenUnix$K listens on a unix socket.
func listenUnix$K(path string) (net.Listener, error) {
	return net.Listen("unix", path) // kafixgen:neg unix listen
}
`}},
	{"unix-only dialer", false, []string{`
// dialAgent$K connects to the local agent's socket.
func dialAgent$K(ctx context.Context, path string) (net.Conn, error) {
	d := net.Dialer{Timeout: 2 * time.Second} // kafixgen:neg unix-only dialer
	return d.DialContext(ctx, "unix", path)
}
`}},
	{"covered dialer", false, []string{`
// dialCovered$K connects to addr with an explicit keepalive policy.
func dialCovered$K(addr string) (net.Conn, error) {
	d := &net.Dialer{ // kafixgen:neg covered dialer
		Timeout:         5 * time.Second,
		KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: 30 * time.Second, Interval: 10 * time.Second, Count: 5},
	}
	return d.Dial("tcp", addr)
}
`}},
	{"covered listen config", false, []string{`
// listenCovered$K listens on addr with explicit keepalive.
func listenCovered$K(ctx context.Context, addr string) (net.Listener, error) {
	lc := net.ListenConfig{KeepAlive: 30 * time.Second} // kafixgen:neg covered listen config
	return lc.Listen(ctx, "tcp", addr)
}
`}},
	{"covered DialTCP", false, []string{`
// dialTCPCovered$K connects to raddr and turns keepalive on.
func dialTCPCovered$K(raddr *net.TCPAddr) (*net.TCPConn, error) {
	conn, err := net.DialTCP("tcp", nil, raddr) // kafixgen:neg covered DialTCP
	if err != nil {
		return nil, err
	}
	if err := conn.SetKeepAlive(true); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}
`}},
	{"udp listen packet", false, []string{`
// listenPacket$K listens for datagrams on addr.
func listenPacket$K(addr string) (net.PacketConn, error) {
	return net.ListenPacket("udp", addr) // kafixgen:neg udp listen packet
}
`}},
	{"raw unix socket", true, []string{`
// unixSocket$K opens a unix stream socket.
func unixSocket$K() (int, error) {
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0) // kafixgen:neg raw unix socket
	if err != nil {
		return -1, err
	}
	return fd, nil
}
`}},
	{"raw udp socket", true, []string{`
// udpSocket$K opens a UDP socket.
func udpSocket$K() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, 0) // kafixgen:neg raw udp socket
	if err != nil {
		return -1, err
	}
	return fd, nil
}
`}},
	{"raw covered socket", true, []string{`
// keepaliveSocket$K opens a TCP socket with keepalive on.
func keepaliveSocket$K() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // kafixgen:neg raw covered socket
	if err != nil {
		return -1, err
	}
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1); err != nil {
		syscall.Close(fd)
		return -1, err
	}
	return fd, nil
}
`, `
// helperSocket$K opens a TCP socket and turns keepalive on through a helper.
func helperSocket$K() (int, error) {
	fd, err := $PSysSocket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // kafixgen:neg raw covered socket
	if err != nil {
		return -1, err
	}
	if err := $PEnableKeepAlive(fd); err != nil {
		syscall.Close(fd)
		return -1, err
	}
	return fd, nil
}
`}},
	{"wrapper non-TCP call", true, []string{`
// wrapperUDP$K opens a UDP socket through the wrapper.
func wrapperUDP$K() (int, error) {
	return $PSysSocket(syscall.AF_INET, syscall.SOCK_DGRAM, 0) // kafixgen:neg wrapper non-TCP call
}
`, `
// wrapperUnix$K opens a unix socket through the wrapper.
func wrapperUnix$K() (int, error) {
	return $PSysSocket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0) // kafixgen:neg wrapper non-TCP call
}
`}},
}

// rawHelpers is written into every raw-socket file: the socket
// constructor that callers pass constants to, and a helper that turns
// keepalive on (both analysis facts for the analyzer).
const rawHelpers = `
// SysSocket opens a socket and marks it close-on-exec. It is a socket
// constructor: it passes its parameters to syscall.Socket.
func SysSocket(family, sotype, proto int) (int, error) {
	fd, err := syscall.Socket(family, sotype, proto)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	syscall.CloseOnExec(fd)
	return fd, nil
}

// EnableKeepAlive turns SO_KEEPALIVE on for fd.
func EnableKeepAlive(fd int) error {
	return syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1)
}
`
