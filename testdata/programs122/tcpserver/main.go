// Command tcpserver listens with net.ListenTCP in a function of its
// own and accepts in main: kafix rewrites the listen to a configured
// net.ListenConfig, whose keepalive reaches the connections main accepts.
// It never writes to them (but one byte with -busy); for each accepted
// connection it prints the socket's keepalive options and then blocks
// reading from it.
//
// The module is at go 1.22, before net.KeepAliveConfig: the fix sets the
// options in the ListenConfig's Control function instead.
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

// listen listens on addr; main accepts.
func listen(addr string) (*net.TCPListener, error) {
	laddr, err := net.ResolveTCPAddr("tcp", addr)
	if err != nil {
		return nil, err
	}
	return net.ListenTCP("tcp", laddr)
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "TCP address to listen on")
	flag.Parse()

	ln, err := listen(*addr)
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	fmt.Printf("LISTEN %s\n", ln.Addr())

	// Keep every connection reachable: a net.Conn that becomes garbage is
	// closed by its finalizer, and the peer must see a silent, open socket.
	var conns []*net.TCPConn
	for {
		conn, err := ln.AcceptTCP()
		if err != nil {
			log.Fatal(err)
		}
		conns = append(conns, conn)
		report.Conn(conn)
		go serve(conn)
	}
}

// serve reads conn until the read fails (the peer never writes), or fills
// it with -fill.
func serve(conn *net.TCPConn) {
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
