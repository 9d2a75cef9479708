// Command dialoff dials with a Dialer whose negative KeepAlive turns
// keepalive off, prints the connection's options and waits.
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

	d := net.Dialer{KeepAlive: -1}
	conn, err := d.Dial("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	report.Conn(conn.(*net.TCPConn))
	select {}
}
