//go:build linux

package rawtags

import "syscall"

// onLinux: the //go:build line restricts the file to Linux (and
// Android): all three timers.
func onLinux() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
