package rawtags

import "syscall"

// onOpenBSD: no per-socket timers at all.
func onOpenBSD() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE.*no per-socket user timeout on OpenBSD .*, and no per-socket keepalive timers on OpenBSD \(its sysctls net.inet.tcp.keepidle and keepintvl apply\)$`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
