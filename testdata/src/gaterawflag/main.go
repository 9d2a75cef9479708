// Command gaterawflag makes raw TCP sockets (in sock_linux.go); kafix
// -gate=flag puts the options it sets behind one -tcp-keepalive flag,
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
