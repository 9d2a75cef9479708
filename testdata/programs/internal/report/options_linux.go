package report

import (
	"fmt"
	"syscall"
)

// tcpUserTimeout is TCP_USER_TIMEOUT, which syscall does not name on
// every architecture.
const tcpUserTimeout = 18

func line(fd int) string {
	ka, err1 := syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE)
	idle, err2 := syscall.GetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE)
	intvl, err3 := syscall.GetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL)
	cnt, err4 := syscall.GetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT)
	ut, err5 := syscall.GetsockoptInt(fd, syscall.IPPROTO_TCP, tcpUserTimeout)
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			return fmt.Sprintf("OPTS_ERR getsockopt: %v", err)
		}
	}
	return fmt.Sprintf("OPTS keepalive=%d idle=%d intvl=%d cnt=%d ut=%d", ka, idle, intvl, cnt, ut)
}
