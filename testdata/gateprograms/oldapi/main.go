//go:build go1.22

// Command oldapi is written in go1.22, before net.KeepAliveConfig: its
// fix can set only KeepAlive, the idle time. It dials with net.Dial,
// prints the connection's options and waits.
package main

import (
	"flag"
	"log"
	"net"

	"kafix.test/gateprograms/internal/report"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9000", "TCP address to connect to")
	flag.Parse()

	conn, err := net.Dial("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	report.Conn(conn.(*net.TCPConn))
	select {}
}
