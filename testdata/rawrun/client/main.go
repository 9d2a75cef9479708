//go:build linux

// Command client connects to -addr with a raw syscall socket and
// prints the socket's keepalive options.
package main

import (
	"flag"
	"log"
	"net/netip"
	"syscall"

	"rawrun/sock"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9", "IPv4 address:port")
	flag.Parse()
	ap := netip.MustParseAddrPort(*addr)

	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		log.Fatalf("socket: %v", err)
	}
	defer syscall.Close(fd)
	if err := syscall.Connect(fd, &syscall.SockaddrInet4{Addr: ap.Addr().As4(), Port: int(ap.Port())}); err != nil {
		log.Fatalf("connect: %v", err)
	}
	if err := sock.Report(fd); err != nil {
		log.Fatal(err)
	}
}
