//go:build linux

// Command unixclient connects to -addr with a socket from the
// constructor sock.Open (x/sys/unix, another package) and prints its
// keepalive options.
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
	fd, err := sock.Open(unix.AF_INET, unix.SOCK_STREAM, unix.IPPROTO_TCP)
	if err != nil {
		return fmt.Errorf("socket: %w", err)
	}
	defer unix.Close(fd)
	if err := unix.Connect(fd, &unix.SockaddrInet4{Addr: ap.Addr().As4(), Port: int(ap.Port())}); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	return sock.Report(fd)
}
