//go:build linux

// Command server listens on a raw x/sys/unix socket at the IPv4
// address -ip, prints its port, accepts one connection and prints the
// accepted socket's keepalive options: on Linux it inherits the
// listener's. (Bound to a constant loopback address, it would be no
// site: only this host could connect.)
package main

import (
	"flag"
	"fmt"
	"log"
	"net"

	"golang.org/x/sys/unix"

	"rawrun/sock"
)

func main() {
	ipFlag := flag.String("ip", "0.0.0.0", "the IPv4 address to listen on")
	flag.Parse()
	var ip [4]byte
	copy(ip[:], net.ParseIP(*ipFlag).To4())
	lfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		log.Fatal(err)
	}
	if err := unix.Bind(lfd, &unix.SockaddrInet4{Addr: ip}); err != nil {
		log.Fatal(err)
	}
	if err := unix.Listen(lfd, 1); err != nil {
		log.Fatal(err)
	}
	sa, err := unix.Getsockname(lfd)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("PORT %d\n", sa.(*unix.SockaddrInet4).Port)
	nfd, _, err := unix.Accept4(lfd, unix.SOCK_CLOEXEC)
	if err != nil {
		log.Fatal(err)
	}
	if err := sock.Report(nfd); err != nil {
		log.Fatal(err)
	}
}
