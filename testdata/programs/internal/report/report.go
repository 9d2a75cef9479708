//go:build linux

// Package report prints the keepalive options of a live socket, read back
// from the kernel with getsockopt. It only reads options: nothing here sets
// keepalive, so it neither covers a site nor is one.
package report

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// FD prints one line describing fd's keepalive options:
//
//	OPTS keepalive=1 idle=2 intvl=1 cnt=3
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

func line(fd int) string {
	ka, err1 := syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE)
	idle, err2 := syscall.GetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE)
	intvl, err3 := syscall.GetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL)
	cnt, err4 := syscall.GetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT)
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			return fmt.Sprintf("OPTS_ERR getsockopt: %v", err)
		}
	}
	return fmt.Sprintf("OPTS keepalive=%d idle=%d intvl=%d cnt=%d", ka, idle, intvl, cnt)
}

// ReadErr prints the line that tells the harness a blocked read has failed.
func ReadErr(start time.Time, err error) {
	fmt.Fprintf(os.Stdout, "READ_ERR %d %v\n", time.Since(start).Milliseconds(), err)
}
