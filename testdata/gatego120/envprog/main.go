// Command envprog is a go1.20 program, older than net.KeepAliveConfig, and than sync.OnceValue:
// behind -gate=env, KeepAlive falls back to its old value when
// KEEPALIVE is off.
package main

import (
	"flag"
	"log"
	"net"
)

func main() {
	flag.Parse()
	c, err := net.Dial("tcp", "192.0.2.1:9000") // want `net.Dial relies on.*tuned at run time by KEEPALIVE, KEEPIDLE, KEEPINTVL and KEEPCNT`
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("ping\n"))

	d := net.Dialer{KeepAlive: -1} // want `net.Dialer with a negative KeepAlive`
	if _, err := d.Dial("tcp", "192.0.2.1:9001"); err != nil {
		log.Fatal(err)
	}

	tc, err := net.DialTCP("tcp", nil, &net.TCPAddr{Port: 9002}) // want `net.DialTCP relies on`
	if err != nil {
		log.Fatal(err)
	}
	defer tc.Close()
	tc.Write([]byte("ping\n"))
}

func turnOff(raddr *net.TCPAddr) {
	c, err := net.DialTCP("tcp", nil, raddr)
	if err != nil {
		log.Fatal(err)
	}
	c.SetKeepAlive(false) // want `SetKeepAlive\(false\) turns TCP keepalive off`
}
