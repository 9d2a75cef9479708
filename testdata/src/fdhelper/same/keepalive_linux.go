// Package same declares, per system, a function that turns keepalive // want package:"hasKeepAliveFacts"
// on for an fd and sets its idle time and interval from one parameter,
// as netpoll does: its raw sockets' fixes call it.
package same

import "syscall"

// SetKeepAlive sets secs as both the idle time and the interval; the
// probe count stays the system's.
func SetKeepAlive(fd, secs int) error { // want SetKeepAlive:`setsKeepAlive\[0\] fdHelper\(fd, idle\+interval\) on android,darwin,ios,linux`
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1); err != nil {
		return err
	}
	if err := syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL, secs); err != nil {
		return err
	}
	return syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE, secs)
}
