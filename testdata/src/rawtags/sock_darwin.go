package rawtags

import "syscall"

// onDarwin: darwin names the idle time TCP_KEEPALIVE; syscall names no
// interval or count there.
func onDarwin() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `TCP_KEEPINTVL and TCP_KEEPCNT not set: syscall names no TCP_KEEPINTVL or TCP_KEEPCNT on darwin`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
