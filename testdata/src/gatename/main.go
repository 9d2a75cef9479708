// Command gatename already declares tcpKeepAlive, and shadows the
// generated name in one function: the gate gets a free name, and the
// shadowed site is left alone.
package main

import (
	"flag"
	"log"
	"net"
)

func tcpKeepAlive() bool { return true }

func main() {
	flag.Parse()
	c, err := net.Dial("tcp", "192.0.2.1:9000") // want `net.Dial relies on`
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("ping\n"))
	_ = tcpKeepAlive()
}

func shadowed(addr string) (net.Conn, error) {
	tcpKeepAlive2 := false
	_ = tcpKeepAlive2
	return net.Dial("tcp", addr) // want `no automatic fix: rename the local tcpKeepAlive2, which hides the package's gate tcpKeepAlive2$`
}
