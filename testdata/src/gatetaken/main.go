// Command gatetaken uses -tcp-keepalive for something else: kafix
// -gate=flag cannot add its flag under that name, and says so.
package main

import (
	"flag"
	"log"
	"net"
	"time"
)

var period = flag.Duration("tcp-keepalive", time.Minute, "keepalive period")

func main() {
	flag.Parse()
	c, err := net.Dial("tcp", "192.0.2.1:9000") // want `no automatic fix: -tcp-keepalive is taken at main.go:\d+: choose another -gate-name$`
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("ping\n"))
	_ = period
}
