// Command dialerclient connects with a net.Dialer literal that sets a
// connect timeout only, prints the socket's keepalive options and then
// blocks reading from a peer that never writes.
//
// Output (stdout):
//
//	OPTS keepalive=<0|1> idle=<s> intvl=<s> cnt=<n> ut=<ms>
//	WROTE <n> <error>               (with -busy, after a line on stdin)
//	READ_ERR <elapsed-ms> <error>   (when the blocked read fails)
//	WRITE_ERR <ms> <bytes> <error>  (with -fill, instead of reading)
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

	d := net.Dialer{Timeout: 10 * time.Second}
	conn, err := d.Dial("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()

	report.Conn(conn.(*net.TCPConn))
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
