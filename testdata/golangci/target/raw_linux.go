package target

import "syscall"

// RawSocket creates a TCP socket without SO_KEEPALIVE; the file builds
// for Linux only, where the fix sets the timers by their names.
func RawSocket() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	return fd, nil
}
