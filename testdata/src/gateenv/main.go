// Command gateenv dials and listens in several ways; kafix -gate=env
// reads the keepalive it inserts from KEEPALIVE, KEEPIDLE, KEEPINTVL and KEEPCNT.
package main

import (
	"flag"
	"log"
	"net"
)

func main() {
	addr := flag.String("addr", "192.0.2.1:9000", "address to dial")
	flag.Parse()

	c, err := net.Dial("tcp", *addr) // want `net.Dial relies on Go's implicit keepalive: .*; the fix turns keepalive on with 30s idle, 10s interval and 5 probes`
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("ping\n"))

	ln, err := net.Listen("tcp", "192.0.2.1:0") // want `net.Listen relies on Go's implicit keepalive`
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	go ln.Accept()
}
