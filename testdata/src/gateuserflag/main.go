// Command gateuserflag already has a -tcp-keepalive flag of its own:
// kafix -gate=flag uses it rather than registering a second one, which
// would panic at start-up.
package main

import (
	"flag"
	"log"
	"net"
)

var keepAlive = flag.Bool("tcp-keepalive", false, "probe idle connections")

func main() {
	flag.Parse()
	c, err := net.Dial("tcp", "192.0.2.1:9000") // fix `switched by the program's existing -tcp-keepalive flag` // want `net.Dial relies on`
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("ping\n"))
}
