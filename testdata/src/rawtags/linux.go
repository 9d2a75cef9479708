//go:build linux

package rawtags

import "syscall"

// onLinux: the //go:build line restricts the file to Linux (and
// Android): all three timers.
func onLinux() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s \(data in flight waits for the system's retransmission limit; see -user-timeout\)$` // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE: a dead idle peer is never noticed`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
