//go:build linux || freebsd || netbsd

package rawtags

import "syscall"

// onLinuxAndBSD: these systems name the timers alike.
func onLinuxAndBSD() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE: the system sends no keepalive probes at all, so a dead peer or a connection dropped while idle is never noticed; the fix turns keepalive on with 30s idle, 10s interval and 5 probes, and a 1m20s user timeout: a dead peer is noticed within 1m20s, idle or with data in flight; no per-socket user timeout on FreeBSD and NetBSD \(data in flight to a dead peer waits for the system's retransmission limit there\)$`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
