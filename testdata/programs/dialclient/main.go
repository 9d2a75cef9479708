// Command dialclient connects with net.Dial, prints the socket's keepalive
// options and then blocks reading from a peer that never writes.
//
// Output (stdout):
//
//	OPTS keepalive=<0|1> idle=<s> intvl=<s> cnt=<n>
//	READ_ERR <elapsed-ms> <error>   (when the blocked read fails)
package main

import (
	"flag"
	"log"
	"net"
	"time"

	"kafix.test/programs/internal/report"
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

	buf := make([]byte, 512)
	start := time.Now()
	for {
		if _, err := conn.Read(buf); err != nil {
			report.ReadErr(start, err)
			return
		}
	}
}
