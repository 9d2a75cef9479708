// Command gatenoparse reads its configuration from elsewhere: it never
// calls flag.Parse, so a generated flag could never be set.
package main

import (
	"log"
	"net"
	"os"
)

func main() {
	c, err := net.Dial("tcp", os.Getenv("ADDR")) // fix `switched by the variable tcpKeepAlive; the program never calls flag.Parse, so the fix declares the variable tcpKeepAlive = true instead of a -tcp-keepalive flag that could never be set: set it from the program's own configuration` // want `net.Dial relies on`
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("ping\n"))
}
