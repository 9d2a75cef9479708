// Command server accepts TCP connections with net.Listen and never writes to
// them (but one byte with -busy). For each accepted connection it prints the
// socket's keepalive options and then blocks reading from it.
//
// The module is at go 1.22, before net.KeepAliveConfig: a fix cannot use
// it, and sets the options in a Control function instead.
//
// Output (stdout):
//
//	LISTEN <addr>
//	OPTS keepalive=<0|1> idle=<s> intvl=<s> cnt=<n> ut=<ms>   (one per accepted conn)
//	WROTE <n> <error>               (with -busy, after a line on stdin, per conn)
//	READ_ERR <elapsed-ms> <error>   (when a blocked read fails)
//	WRITE_ERR <ms> <bytes> <error>  (with -fill, instead of reading)
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"time"

	"kafix.test/programs122/internal/report"
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
		go serve(conn)
	}
}

// serve reads conn until the read fails (the peer never writes), or fills
// it with -fill.
func serve(conn net.Conn) {
	if report.Filling() {
		report.Fill(conn.Write)
		return
	}
	report.Busy(conn.Write)
	buf := make([]byte, 512)
	start := time.Now()
	for {
		if _, err := conn.Read(buf); err != nil {
			report.ReadErr(start, err)
			return
		}
	}
}
