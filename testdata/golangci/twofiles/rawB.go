package twofiles

import "syscall"

// SocketB creates a TCP socket without SO_KEEPALIVE in a file that
// builds for every system: its fix calls the option setter.
func SocketB() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	return fd, nil
}
