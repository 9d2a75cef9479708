//go:build !windows

package oldgo117

import "syscall"

// rawSocket is a raw socket in a file that builds for systems that
// name the options differently: the option setter sets the timers
// where each system names them.
func rawSocket() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
