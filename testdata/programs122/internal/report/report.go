// Package report prints the keepalive options of a live socket, read back
// from the kernel with getsockopt (on Linux; elsewhere it says it cannot),
// and speaks the programs' side of the run-time tests' protocol
// (harness.go). It only reads options: nothing here sets keepalive, so it
// neither covers a site nor is one. It builds everywhere, so that a program
// whose own file has no build constraint does too.
package report

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// FD prints one line describing fd's keepalive options and user timeout
// (TCP_USER_TIMEOUT, in milliseconds; 0 is the kernel's default, none):
//
//	OPTS keepalive=1 idle=2 intvl=1 cnt=3 ut=5000
func FD(fd int) {
	fmt.Fprintln(os.Stdout, line(fd))
}

// Conn prints the options of a connection that exposes its fd (*net.TCPConn).
func Conn(c syscall.Conn) {
	rc, err := c.SyscallConn()
	if err != nil {
		fmt.Fprintf(os.Stdout, "OPTS_ERR %v\n", err)
		return
	}
	var s string
	if err := rc.Control(func(fd uintptr) { s = line(int(fd)) }); err != nil {
		fmt.Fprintf(os.Stdout, "OPTS_ERR %v\n", err)
		return
	}
	fmt.Fprintln(os.Stdout, s)
}

// ReadErr prints the line that tells the harness a blocked read has failed.
func ReadErr(start time.Time, err error) {
	fmt.Fprintf(os.Stdout, "READ_ERR %d %v\n", time.Since(start).Milliseconds(), err)
}
