package rawtags

import "syscall"

// onOpenBSD: no per-socket timers at all.
func onOpenBSD() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT not set: OpenBSD has no per-socket keepalive timers`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
