// Package analyzer defines the keepalive analyzer, which reports TCP
// connections created without a deliberate keepalive policy and
// suggests fixes that give them one.
//
// [Analyzer] is a plain *analysis.Analyzer named "keepalive": any driver
// runs it (go vet -vettool, go fix -fixtool, a multichecker, Bazel's
// nogo, golangci-lint through package golangci). Its flags are those of
// [Config.RegisterFlags]; [New] builds an analyzer of its own for a
// [Config], so that nothing mutates a shared global. The fixes come
// from package fixer; this package decides what is a site and what the
// site does today, which is the first half of every message. The
// policy, what it costs and the per-system table are in the README,
// which every diagnostic's URL ([PolicyURL]) points to.
//
// # What is a site
//
// Calls, types and constants are resolved through go/types: import
// aliases, dot imports, method values (d.DialContext passed as a func),
// fields of other literals and named constants all work. A site is
// reported once, where the thing that owns the keepalive setting is
// created.
//
// Package net, and crypto/tls, which dials and listens through it:
//
//   - net.Dial, net.DialTimeout;
//   - net.Dialer values used with Dial, DialContext or Go 1.26's
//     DialTCP: composite literals, var d net.Dialer, new(net.Dialer),
//     fields of other literals
//     (http.Transport{DialContext: (&net.Dialer{...}).DialContext});
//   - net.Listen and net.ListenConfig values whose listeners Go accepts
//     on: the connections that Accept returns inherit the listener's
//     setting;
//   - a zero net.Dialer or net.ListenConfig held by value in a field of
//     a struct type of the package (type pgDialer struct{ d net.Dialer },
//     embedded too) that the package dials or listens through on TCP:
//     the literal that leaves it unkeyed (pgDialer{}, &pgDialer{timeout:
//     t}), var p pgDialer or new(pgDialer) is the site; not when the
//     package assigns the field or its keepalive anywhere;
//   - net.DialTCP, and net.ListenTCP with the connections its
//     Accept/AcceptTCP calls return;
//   - tls.Dial, tls.Listen, and a tls.Dialer without a NetDialer (a
//     net.Dialer handed to tls.DialWithDialer is a Dialer like any
//     other);
//   - the same functions used as values (dialer: net.DialTimeout,
//     Dial: net.Dial, return net.Listen);
//   - keepalive turned off: SetKeepAlive(false), SetKeepAliveConfig
//     with Enable: false, a negative KeepAlive without
//     KeepAliveConfig.Enable. Such a site's message says that the
//     disable looks deliberate and shows the //kafix:ignore line that
//     keeps it.
//
// Only TCP is a site: the network is "tcp", "tcp4" or "tcp6", or not a
// constant (then the message says it may be TCP). A local variable, or
// an unexported package-level one that only its package writes, whose
// every assignment is a constant counts as those constants (network,
// address := "unix", path). A Dialer or ListenConfig only ever used
// with other networks (Go 1.26's DialUDP, DialIP, DialUnix,
// ListenPacket) is not a site.
//
// # What is not a site
//
// This host. An address that is always on this host is not reported
// unless -loopback is set: when a peer on this host dies, the kernel
// closes the connection at once, so keepalive cannot matter. That is a
// loopback address (127.0.0.0/8, [::1], localhost), also spelled with a
// part that is not a constant (net.JoinHostPort("127.0.0.1", port),
// fmt.Sprintf("localhost:%d", p), "127.0.0.1:" + port,
// &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}, net.IPv6loopback,
// net.ParseIP("::1"), netip.MustParseAddrPort); a raw socket bound or
// connected to a constant loopback Sockaddr, directly or through a
// value that holds its fd; and, for a dial only, the address of a
// listener of this process (ln.Addr(), its String, an
// httptest.Server's Listener or URL), which the kernel reaches over lo
// whatever its IP, the LocalAddr of any socket of this process, and the
// empty address. A variable counts when every assignment to it does, or
// when the assignment right before the use in the same block sets it;
// so does the result of a function of the package whose every
// successful return gives a local address, a parameter of a function
// literal that is only ever called, each time with a local address,
// and a parameter of a function that only its package can call
// (unexported or declared in a _test.go file; not a method, not used as
// a value) when every call passes a local address. A listener on ":0"
// or "0.0.0.0:0" stays a site (remote peers can connect), except in a
// _test.go file, where no other host can know the port the system
// picked. A host that is a variable, a parameter or the result of an
// unknown call stays a site.
//
// What carries no data (inert.go owns these rules). A listener that Go
// never accepts on (it only reserves a port or reads its Addr, or its
// fd is accepted raw, which is then the site). A probe: a dial whose
// connection is discarded, or held by a variable the call defines and
// only closed, asked its LocalAddr or RemoteAddr, or compared with nil
// (is the server up?); a Dialer or ListenConfig is not a site when that
// is all it does, unless its negative KeepAlive disables keepalive.
// Likewise a raw socket, or a value that holds one, whose variable only
// sets or reads options and closes it.
//
// Covered sites. The code turns keepalive on for that object anywhere
// in the same function, behind a condition too: a positive KeepAlive,
// KeepAliveConfig{Enable: true}, SetKeepAlive(true), SetKeepAliveConfig
// with Enable: true, SetKeepAlivePeriod, also through a type assertion
// to *net.TCPConn or to an interface that has SetKeepAlive or
// SyscallConn, SO_KEEPALIVE in a Control function, or on the fd that
// SyscallConn gives or a duplicate of it handed to a keepalive helper;
// or a helper function does it to its argument, in this package or
// another (the setsKeepAlive fact). A server's accept loop that
// configures what it accepts behind its own option covers every
// listener passed to it; one wrapped first (tls.NewListener(ln, cfg))
// is not covered. So is a listener or Dialer put into a field of a type
// whose own Accept, or Dial and DialContext, turn keepalive on for every
// connection they hand out from it (tcpKeepAliveListener{ln}; the
// keepAliveWrapper fact). A connection returned by a function that only its
// package can call is covered when every caller turns keepalive on for
// the result it receives. Turning keepalive on and leaving the timers
// to the system is a decision too.
//
// Never reported: testable examples (func ExampleXxx in a _test.go
// file, which readers copy), generated files (// Code generated ... DO
// NOT EDIT.), files outside the packages named, sites in _test.go files
// unless -tests is set (a test's connections live as long as the
// test), sites with //kafix:ignore <reason> on their line or the line
// above, and every site of a file with a //kafix:file-ignore <reason>
// line. A directive without a reason silences nothing and is reported
// itself, with the category "directive".
//
// # Raw sockets
//
// syscall.Socket and unix.Socket are sites when their arguments,
// evaluated as constants, make a TCP socket: domain AF_INET or
// AF_INET6; a type equal to SOCK_STREAM once SOCK_NONBLOCK and
// SOCK_CLOEXEC are masked off (not a bit test: SOCK_SEQPACKET and
// SOCK_RAW share bits); proto 0 or IPPROTO_TCP (with SOCK_STREAM, TCP
// whatever the domain). A domain variable whose every assignment in the
// function is an internet family counts.
//
// Real code wraps Socket (func sysSocket(family, sotype, proto int)
// (int, error)). A function that passes its parameters into Socket, or
// into another such constructor, gets a socketConstructor fact, across
// packages, and the site is the call of the constructor whose constant
// arguments make TCP. The wrapper itself is never reported for its UDP,
// AF_UNIX, AF_VSOCK or AF_PACKET callers: setting TCP options there
// would break them at run time. A function that creates a TCP socket
// with its own constants and returns the fd (gnet's socket.TCPSocket)
// hands the decision to its callers: the sites are its calls whose
// callers do not turn keepalive on for the fd they receive (in the
// function, behind a condition too, through a helper, or, for an fd kept
// in a struct field or package variable, anywhere in the package). An
// exported one hands it on to importing packages only when its package
// also exports a keepalive setter for fds; otherwise its site stays
// where the fd leaves the package. The site also stays where the fd is
// created for a method, a function used as a value, and an unexported
// function that nobody calls.
//
// A constructor may return a value that holds the fd: a *Conn made by
// a call given the fd whose result has SyscallConn (mdlayher/socket),
// or a struct whose field keeps it (&netFD{sysfd: fd}, the shape of
// Go's own net package that cloudwego/netpoll copies). Its fact says
// where the fd is (fd=result0.fd, fd=in result0), and the site is again
// the call whose arguments make TCP. A listening socket held this way
// has its Accept method's results as the accepted sockets.
//
// The fds that Accept or Accept4 returns on such sockets are sites too,
// and so are raw Accepts on the fd of a Go listener
// (ln.(*net.TCPListener).File(), or inside its SyscallConn().Control):
// a ListenConfig setting never reaches those fds, so the raw Accept is
// reported and not the listener. Where the fd goes elsewhere (an event
// loop in another function, as in tidwall/evio), the listener is
// followed instead: a net.Listen whose result has File or SyscallConn
// called on it anywhere in the package, or is passed to a function of
// the package that does, is reported as what it is today and fixed as a
// Go listener whose Control also sets the timers. A file handed on
// rather than kept for its Fd (to net.FileListener, or to a child
// process through ExtraFiles) ends in a Go listener whose Accept sets
// Go's own keepalive, and keeps the plain fix.
//
// A raw socket is covered when SO_KEEPALIVE is set to a non-zero value
// on its fd in the same function (behind a condition too; anywhere in
// the package for an fd held in a struct field or package variable) or
// by a helper it is passed to; SO_KEEPALIVE set to 0 is a site of its
// own. An fd handed to net.FileConn or net.FileListener gets Go's
// implicit default, like net.Dial.
//
// # Facts
//
// The analyzer exports four facts, all gob-encodable: setsKeepAlive (a
// function decides keepalive for some of its parameters),
// socketConstructor (a function makes a socket from its parameters, and
// where the fd is in its result), keepAliveWrapper (a type configures
// every connection that its methods hand out) and hasKeepAliveFacts (a
// package that exports any of them).
// Drivers that run it on the whole import graph (go vet, go fix, nogo)
// pay little for packages that touch no sockets: those that import none
// of net, crypto/tls, syscall, golang.org/x/sys/unix,
// golang.org/x/sys/windows and no package with keepalive facts are
// skipped, and past that test the inspector covers only the files that
// refer to socket packages (socketFiles).
package analyzer
