package rawtags

import "syscall"

// onDarwin: darwin names the idle time TCP_KEEPALIVE; syscall names no
// interval or count there.
func onDarwin() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
