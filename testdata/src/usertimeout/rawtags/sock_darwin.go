package rawtags

import "syscall"

// onDarwin: darwin names the idle time TCP_KEEPALIVE; syscall names no
// interval or count there.
func onDarwin() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE.*; the fix turns keepalive on with 30s idle, 10s interval and 5 probes, and a 1m20s user timeout: a dead peer is noticed within 1m20s, idle or with data in flight$`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
