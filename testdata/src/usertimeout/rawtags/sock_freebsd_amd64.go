package rawtags

import "syscall"

// onFreeBSD: a _GOOS_GOARCH file name.
func onFreeBSD() int {
	fd, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE: the system sends no keepalive probes at all, so a dead peer or a connection dropped while idle is never noticed; the fix turns keepalive on with 30s idle, 10s interval and 5 probes: a dead peer is noticed within 1m20s when idle; no per-socket user timeout on FreeBSD \(data in flight to a dead peer waits for the system's retransmission limit there\)$`
	return fd
}
