// Command gateexisting was fixed by kafix -gate=flag before; a site
// added since is switched by the same flag, whatever -gate says now.
package main

import (
	"flag"
	"log"
	"net"
	"time"
)

// tcpKeepAlive is the -tcp-keepalive flag. True, the default, turns TCP
// keepalive on for the connections the program creates, so that a dead
// peer is noticed: the first probe after 30s idle, then every 10s, 5
// probes. False leaves keepalive as it was before this setting was
// added.
//
//kafix:gate
var tcpKeepAlive = flag.Bool("tcp-keepalive", true, "turn TCP keepalive on (30s idle, 10s interval, 5 probes) so that dead peers are noticed; false leaves connections as they were")

func main() {
	flag.Parse()
	c, err := (&net.Dialer{
		KeepAliveConfig: net.KeepAliveConfig{Enable: *tcpKeepAlive, Idle: 30 * time.Second, Interval: 10 * time.Second, Count: 5},
	}).Dial("tcp", "192.0.2.1:9000")
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
}
