//go:build linux || darwin

package rawtags

import "syscall"

// onLinuxAndDarwin: the idle time has two names; syscall has no
// interval or count on darwin.
func onLinuxAndDarwin() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
