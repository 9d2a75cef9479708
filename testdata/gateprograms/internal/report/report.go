//go:build linux

// Package report prints the keepalive options of a live connection,
// read back from the kernel with getsockopt. It only reads options, so
// it is no site and covers none.
package report

import (
	"fmt"
	"net"
	"syscall"
)

// Conn prints one line: OPTS keepalive=1 idle=30 intvl=10 cnt=5 ut=80000
// (ut: TCP_USER_TIMEOUT, Linux's option 18, in milliseconds).
func Conn(c *net.TCPConn) {
	rc, err := c.SyscallConn()
	if err != nil {
		fmt.Println("OPTS_ERR", err)
		return
	}
	var ka, idle, intvl, cnt, ut int
	var errs [5]error
	if err := rc.Control(func(fd uintptr) {
		ka, errs[0] = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE)
		idle, errs[1] = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE)
		intvl, errs[2] = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL)
		cnt, errs[3] = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT)
		ut, errs[4] = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, 18) // TCP_USER_TIMEOUT
	}); err != nil {
		fmt.Println("OPTS_ERR", err)
		return
	}
	for _, err := range errs {
		if err != nil {
			fmt.Println("OPTS_ERR getsockopt:", err)
			return
		}
	}
	fmt.Printf("OPTS keepalive=%d idle=%d intvl=%d cnt=%d ut=%d\n", ka, idle, intvl, cnt, ut)
}
