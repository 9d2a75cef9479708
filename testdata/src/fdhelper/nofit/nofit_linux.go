// Package nofit has keepalive helpers whose parameters cannot carry // want package:"hasKeepAliveFacts"
// the policy: its raw socket's fix names the options itself.
package nofit

import "syscall"

// enableIdle sets the idle time only: the interval stays the system's
// 75s, and no value of idle gives the policy's bound.
func enableIdle(fd, idle int) error { // want enableIdle:`setsKeepAlive\[0\]$`
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1); err != nil {
		return err
	}
	return syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE, idle)
}

// setTimers takes a switch that sets no timer: a fix could not say
// what to pass for it.
func setTimers(fd int, on bool, secs int) error { // want setTimers:`setsKeepAlive\[0\]$`
	v := 0
	if on {
		v = 1
	}
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, v); err != nil {
		return err
	}
	if err := syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL, secs); err != nil {
		return err
	}
	return syscall.SetsockoptInt(fd, syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE, secs)
}

func dial() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // fix `^Turn keepalive on: 30s idle, 10s interval, 5 probes` // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
