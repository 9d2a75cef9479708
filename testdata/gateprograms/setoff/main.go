// Command setoff dials with net.DialTCP and turns keepalive off with
// SetKeepAlive(false), prints the connection's options and waits.
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

	raddr, err := net.ResolveTCPAddr("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	conn, err := net.DialTCP("tcp", nil, raddr)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetKeepAlive(false); err != nil {
		log.Fatal(err)
	}
	report.Conn(conn)
	select {}
}
