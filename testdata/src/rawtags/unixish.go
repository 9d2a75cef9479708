//go:build linux || darwin

package rawtags

import "syscall"

// onLinuxAndDarwin: the idle time has two names; syscall has no
// interval or count on darwin.
func onLinuxAndDarwin() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s \(data in flight waits for the system's retransmission limit; see -user-timeout\)$` // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
