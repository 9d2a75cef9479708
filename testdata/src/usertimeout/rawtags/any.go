// Package rawtags has raw sockets in files that build for different
// systems: each fix names only the options that every system of its
// file has.
package rawtags

import "syscall"

// anySystem builds everywhere, Windows included (where the fd is a
// Handle): SO_KEEPALIVE alone, and the diagnostic says why.
func anySystem(sa syscall.Sockaddr) error {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	return syscall.Connect(fd, sa)
}
