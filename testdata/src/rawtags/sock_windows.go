package rawtags

import (
	"fmt"
	"syscall"
)

// onWindows: the fd is a Handle; the timers are set with WSAIoctl.
func onWindows() (syscall.Handle, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, syscall.IPPROTO_TCP) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s \(data in flight waits for the system's retransmission limit; see -user-timeout\)$` // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return syscall.InvalidHandle, fmt.Errorf("socket: %w", err)
	}
	return fd, nil
}
