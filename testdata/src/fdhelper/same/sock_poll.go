//go:build linux || solaris

package same

import "syscall"

// dialPolled builds for Solaris too, where the package declares no
// SetKeepAlive; but the package does not build there (it uses pollFD,
// which only Linux has), so its fix calls SetKeepAlive.
func dialPolled() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // fix `^Turn keepalive on with SetKeepAlive: 8s idle and interval` // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	_ = pollFD()
	return fd, nil
}
