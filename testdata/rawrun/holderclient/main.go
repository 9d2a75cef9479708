//go:build linux

// Command holderclient connects to -addr with a socket from the
// constructor sock.OpenConn, which returns a *sock.Conn holding the fd
// (another package), and prints its keepalive options.
package main

import (
	"flag"
	"fmt"
	"net/netip"
	"os"

	"golang.org/x/sys/unix"

	"rawrun/sock"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9", "IPv4 address:port")
	flag.Parse()
	if err := run(netip.MustParseAddrPort(*addr)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ap netip.AddrPort) error {
	c, err := sock.OpenConn(unix.AF_INET, unix.SOCK_STREAM, unix.IPPROTO_TCP)
	if err != nil {
		return fmt.Errorf("socket: %w", err)
	}
	defer c.Close()
	if err := c.Connect(&unix.SockaddrInet4{Addr: ap.Addr().As4(), Port: int(ap.Port())}); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	return c.Report()
}
