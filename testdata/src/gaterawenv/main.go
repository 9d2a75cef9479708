// Command gaterawenv makes raw TCP sockets (in sock_linux.go); kafix
// -gate=env reads the options it sets from KEEPALIVE, KEEPIDLE,
// KEEPINTVL and KEEPCNT, with a reader
// declared here, in the file of func main, which builds everywhere.
package main

import (
	"flag"
	"fmt"
)

func main() {
	flag.Parse()
	fmt.Println("see sock_linux.go")
}
