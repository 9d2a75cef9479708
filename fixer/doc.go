// Package fixer turns one keepalive site, found by the analyzer, into
// one suggested fix: the smallest edit that gives the connection an
// explicit keepalive policy, written in the style of the code around it.
//
// Edits are built on a dst copy of the enclosing declaration, so that
// comments stay where they were, and are reduced to the lines that
// changed; imports are added with astutil. The package knows nothing
// of drivers or flags. It owns the policy ([Policy]: its values, their
// validation and the words that describe a fix), the per-system table
// of socket options, the option setter and the gates.
//
// # How a fix is written
//
// A fix is what a careful reviewer would accept: the smallest diff,
// gofmt-clean, imports added and nothing else touched, comments kept
// where they were, nothing changed but keepalive.
//
//   - Each fix is printed before and after on its enclosing declaration
//     only, and reduced to the lines that changed; those lines are mapped
//     back onto the original source. A file that was not gofmt'd gets
//     edits only where the fix changes code; CRLF files keep CRLF.
//   - Imports are small edits of the file's existing import declaration,
//     never a re-sort of it. Names come from the file's real imports
//     (stdnet "net", dot imports); a name hidden at the site (a local
//     time := 3) makes the fix import under a free name (stdtime "time").
//   - Each diagnostic carries exactly one suggested fix, made of small
//     edits: go fix applies only the first fix of a diagnostic, and the
//     drivers merge the edits of several fixes. Declarations that several
//     fixes need are the very same edit in each.
//   - The Go version of each file (its //go:build go1.N line, else the
//     module's go line) decides the field. go1.23 and later get
//     KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: ...,
//     Interval: ..., Count: ...} and no declaration. Older files get
//     the field they have, KeepAlive (on a connection,
//     SetKeepAlivePeriod), set to the policy's interval capped at 15s: a
//     Go 1.23+ toolchain takes it as the idle time alone, with Go's own
//     15s interval and 9 probes, an older one as idle and interval with
//     the system's count, so that value is never slower than Go's 2m30s
//     on either. Its description states the bound, and the fix counts as
//     partly fixed. Under -user-timeout such a file gets KeepAlive: -1
//     (which leaves the socket alone) and a Control that sets the
//     policy's timers and the user timeout through the option setter.
//   - The project's own policy is reused: in a package that declares a
//     package-level net.KeepAliveConfig variable turning keepalive on
//     with constant timers, ungated go1.23+ fixes write KeepAliveConfig:
//     keepAlive, set a connection's timers from its fields, take its
//     bound as the user timeout under auto, and the description states
//     its values. A variable that the package assigns anywhere, or one of
//     several, is not reused (testdata/src/reuse, reuseassigned).
//   - Idempotent: after a fix the site is covered, so a second run finds
//     nothing and changes nothing.
//
// # The fix of each kind of site
//
//   - net.Dial, net.DialTimeout: (&net.Dialer{KeepAliveConfig: ...}).Dial(...);
//     the timeout moves into the Dialer.
//   - A net.Dialer or net.ListenConfig literal gains KeepAliveConfig (and
//     Control under -user-timeout); an existing Control or ControlContext
//     is kept and chained; a declaration without a literal gains one.
//   - net.Listen: (&net.ListenConfig{KeepAliveConfig: ...}).Listen(ctx, ...),
//     with the context.Context in scope, context.Background() only where
//     there is none. A net.Listen whose fd the package takes raw gets the
//     timers in Control too, for the connections it accepts raw.
//   - A zero Dialer or ListenConfig held in a struct field: the literal
//     keys the field with a configured one (pgDialer{d: net.Dialer{...}}).
//   - net.DialTCP, and the Accept/AcceptTCP calls of a net.ListenTCP
//     listener in the same function: the connection is configured right
//     after the call's error check. On go1.23+ that is
//     _ = c.SetKeepAliveConfig(...), its error ignored as net.Dialer
//     ignores it (it fails on OpenBSD, which has no per-socket timers);
//     under -user-timeout, the option setter's set, its error handled as
//     the call's own (see below).
//   - A net.ListenTCP listener accepted in another function (returned,
//     stored, passed on): l, err := (&net.ListenConfig{...}).Listen(ctx,
//     network, address), then ln, _ := l.(*net.TCPListener), which is
//     what ListenTCP returned, the typed nil included. The address is ":0"
//     for nil, laddr.String() for &net.TCPAddr{...} or a local set only
//     by net.ResolveTCPAddr right before a check of its error that
//     leaves. Refused when the address may be nil, the network may be
//     other than TCP, or the listener's fd is taken (a listener made from
//     it keeps none of the ListenConfig's keepalive).
//   - tls.Dial, tls.Listen, a tls.Dialer without a NetDialer: the same
//     through a configured net.Dialer (tls.DialWithDialer) or
//     net.ListenConfig. tls.Listen's refusal of a config without a
//     certificate is kept: the fix writes its three-line check before the
//     Listen, its error handled as the call's was (none for a literal that
//     names a certificate source; no fix where the config is a call, which
//     would be evaluated twice).
//   - SetKeepAlive(false), SetKeepAliveConfig with Enable: false, a
//     negative KeepAlive: an explicit, enabled configuration.
//   - Raw sockets: see below.
//
// # Error handling
//
// Where the setting goes on a connection or fd after it exists, the
// inserted code goes right after the creating call's own error check
// and handles its own error the same way:
//
//   - if err != nil { ... } right after the call (checks of particular
//     errors such as if err == syscall.EINTR { continue } may come
//     first): if err := ...; err != nil { c.Close(); ... } with the same
//     body, its messages naming the option.
//   - A helper that takes the error (require.NoError(t, err), a
//     project's MustNil(t, err), check(err)), recognised by its type: one
//     that returns nothing or a bool, with the error in a parameter of
//     interface type of its own (not log.Print(err) or t.Log(err)). The
//     same helper with the new call in the error's place; a helper that
//     returns a bool (assert.NoError) reports and goes on, so the call
//     goes inside if err == nil { ... }.
//   - return net.DialTCP(...) in a function whose results are exactly the
//     call's: conn, err := ..., if err != nil { return nil, err }, the
//     check, return conn, nil. Where the results differ ((net.Conn,
//     error)), the early return keeps the typed nil the result held
//     before. Refused when the results are named and a deferred function
//     may read them.
//   - c, err = net.DialTCP(...) followed by a bare return of named
//     results that include err: if err != nil { return } first, then the
//     check with err = and a bare return.
//   - An if/else chain whose every branch (a final else included) ends by
//     assigning the same variables, followed by one check: one
//     configuration after the shared check, the same edit for every site
//     of the chain.
//   - A retry loop whose body ends with the same call to the same
//     variables (Go's dialTCP retry against self-connects, as
//     cloudwego/netpoll copies it): one configuration after the check
//     that follows the loop. A loop that ends with another call is
//     refused.
//   - The error ignored (c, _ := ...): the new call's error is ignored too.
//
// Anything else is refused with the reason and what to do, for example
// "the error of the call is not checked right after it; check it there
// (if err != nil { ... }, or a helper such as require.NoError(t, err)),
// or set keepalive on the connection by hand".
//
// # Raw sockets
//
// The fix goes right after the socket call's own error check, from the
// package the socket came from (syscall or golang.org/x/sys/unix), and
// handles each error the way that check does: the same if err != nil
// shape, the same return with the other results zeroed as the function
// zeroes them, the same wrapping (fmt.Errorf("setsockopt TCP_KEEPIDLE:
// %w", err), os.NewSyscallError, errors.Wrap, a project helper),
// log.Fatal, panic, t.Fatal, the same check helper, or the error ignored
// where the original ignores it; the fd is closed on failure the way the
// function closes it elsewhere, and not twice where a deferred close
// already does.
//
// In a file that builds only for systems that name every option alike (a
// _linux.go file, //go:build linux || freebsd || netbsd), the fix is the
// HOWTO's named calls: SetsockoptInt for SO_KEEPALIVE, TCP_KEEPIDLE,
// TCP_KEEPINTVL and TCP_KEEPCNT (and, under -user-timeout,
// TCP_USER_TIMEOUT on Linux, by number where syscall does not name it).
// In a file that builds for systems that name them differently (any file
// without a build constraint), one call of the option setter sets them
// all on every system that has them. Linux and the BSDs let an accepted
// socket inherit SO_KEEPALIVE and the timers from the listening socket:
// in files that build only for those systems the fix configures the
// listening socket once, elsewhere each accepted fd. Where the fd is
// held by a value, the options are set on the held fd by name where the
// caller may name the field, else through the value's SyscallConn with
// the option setter's set.
//
// Where the socket's package, or a package it imports, has its own
// keepalive helper for an fd ([FDHelper]: netpoll's SetKeepAlive(fd,
// secs)), declared for every system the file builds for, and the
// helper's parameters set both the idle time and the interval, the fix
// calls it instead, checked like the socket call, with the values whose
// bound is the policy's (one parameter for both timers and the system's
// 9 probes: 80s / (1 + 9) = 8). Under a user timeout or a gate the fix is
// the one above.
//
// # The option setter
//
// By default a fix declares nothing: Go's fields and, for raw sockets,
// named SetsockoptInt calls suffice. Some options have no field in net
// (the user timeout; interval and count before go1.23; timers on raw
// sockets in files that build for several systems), and their names and
// numbers differ per system (TCP_KEEPIDLE on Linux and the BSDs,
// TCP_KEEPALIVE on darwin, milliseconds on Linux and seconds elsewhere),
// syscall does not name some of them on some systems, RawConn.Control
// hands a uintptr while syscall.SetsockoptInt takes an int on unix and a
// Handle on Windows, and a suggested fix can only edit files that exist.
// So a fix that needs one adds, once per package, a declaration marked
// //kafix:sockopt ([SockoptDirective]): a type tcpOptions with control
// (a Control function for a Dialer or ListenConfig) and set (for a
// connection), and setTCPOptions[FD ~int | ~uintptr](setsockopt
// func(FD, int, int, int) error, fd uintptr, o tcpOptions), whose fd
// type is inferred from the SetsockoptInt it is given and which picks
// the numbers by runtime.GOOS. It holds only what the package's fixes
// call (a user timeout alone is one field, control, and a setTCPOptions
// of a dozen lines), turns keepalive on and sets each non-zero option on
// each system that has it; behind a gate it consults the gate. In a file
// older than go1.18, which cannot declare a generic function,
// setTCPOptions takes setsockopt as an interface{} and converts the fd
// through reflect (testdata/oldgo117).
//
// It goes right after the imports of the file a reader looks at first
// (the gate's file; in a program the file of func main; in a library a
// file that holds one of the package's sites, else the file named after
// the package: testdata/src/setterplace), preferring files without build
// constraints, never a test file or an example where the package has
// another. Its imports go into that file's own import declaration, as
// edits of their own that every fix calling the setter carries byte for
// byte, in a file whose imports no other fix edits where there is one, so
// that drivers merge them and a fix applied alone still compiles. A
// package whose sites are all in _test.go files gets it in a test file,
// so that the library it ships carries none of it (testdata/src/testsonly).
//
// # Gates
//
// With -gate=flag or -gate=env every setting a fix inserts in a package
// is switched by one declaration marked //kafix:gate: in package main a
// boolean flag (-tcp-keepalive, default true, named by -gate-name),
// declared in the file that calls flag.Parse; in a library an exported
// var TCPKeepAlive = true (libraries must not register flags); under env,
// keepAliveEnv, read once per process (sync.OnceValue) from KEEPALIVE,
// KEEPIDLE, KEEPINTVL and KEEPCNT, the variables libkeepalive reads, with
// the policy as defaults. A value that is not a number from 1 to 32767
// (1 to 127 for KEEPCNT) keeps the default. In a package that does not
// link net, the reader returns a struct of the same shape.
//
// With the gate off the program behaves as it did before the fix: a
// Dialer or ListenConfig gets KeepAliveConfig{Enable: <switch>, ...} (Go
// ignores a disabled config and keeps the KeepAlive field as written);
// statements inserted after a call run inside if <switch> { ... }; the
// option setter returns at once. Files older than go1.23 get KeepAlive:
// func() time.Duration { if *tcpKeepAlive { return -1 }; return <old> }()
// and the option setter as Control. SetKeepAlive(false) behind the flag
// becomes SetKeepAliveConfig(net.KeepAliveConfig{Enable: *tcpKeepAlive,
// ...}) (before go1.23, SetKeepAlive(*tcpKeepAlive)), so that off stays
// off; it sets no user timeout and counts as partly fixed. A raw
// SO_KEEPALIVE set to 0 is not fixed behind a gate.
//
// The declaration is chosen from the package's files alone, so every fix
// of the package carries the same edit at the same place: right after the
// imports of the file calling flag.Parse, else the file of func main; in
// a library, the file named after the package, else the one with the
// package comment, else the first, avoiding tests, generated and
// build-constrained files. Where they go to the same file, the gate and
// the option setter are one edit that every fix carries, so the setter
// comes with the gate even where no fix of the package calls it.
//
// If package main never calls flag.Parse (a parse done by a CLI library
// is not seen), a flag could never be set: the fix declares var
// tcpKeepAlive = true instead and says so. A bool -tcp-keepalive that
// the program already registers in a package-level variable is used; one
// of another type means no fix (choose -gate-name). Taken Go identifiers
// get a numbered name (tcpKeepAlive2). The gated code counts as explicit
// keepalive, so a second run finds nothing; a site added later is
// switched by the package's existing gate whatever -gate says now. Code
// that an ungated run already fixed is never gated later: kafix does not
// rewrite keepalive that the code sets explicitly.
package fixer
