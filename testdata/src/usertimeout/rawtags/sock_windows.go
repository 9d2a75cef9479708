package rawtags

import (
	"fmt"
	"syscall"
)

// onWindows: the fd is a Handle; the timers are set with WSAIoctl.
func onWindows() (syscall.Handle, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, syscall.IPPROTO_TCP) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return syscall.InvalidHandle, fmt.Errorf("socket: %w", err)
	}
	return fd, nil
}
