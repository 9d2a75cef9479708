// Command server accepts TCP connections with net.Listen and never writes to
// them. For each accepted connection it prints the socket's keepalive options.
//
// Output (stdout):
//
//	LISTEN <addr>
//	OPTS keepalive=<0|1> idle=<s> intvl=<s> cnt=<n>   (one per accepted conn)
package main

import (
	"flag"
	"fmt"
	"log"
	"net"

	"kafix.test/programs/internal/report"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "TCP address to listen on")
	flag.Parse()

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	fmt.Printf("LISTEN %s\n", ln.Addr())

	// Keep every connection reachable: a net.Conn that becomes garbage is
	// closed by its finalizer, and the peer must see a silent, open socket.
	var conns []net.Conn
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		conns = append(conns, conn)
		report.Conn(conn.(*net.TCPConn))
	}
}
