// Command gateflag dials and listens in several ways; kafix -gate=flag
// puts the keepalive it inserts behind one -tcp-keepalive flag.
package main

import (
	"flag"
	"log"
	"net"
)

func main() {
	addr := flag.String("addr", "192.0.2.1:9000", "address to dial")
	flag.Parse()

	c, err := net.Dial("tcp", *addr) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s .*, switched by the -tcp-keepalive flag` // want `net.Dial relies on Go's implicit keepalive:`
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
