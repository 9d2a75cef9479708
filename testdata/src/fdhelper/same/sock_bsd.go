//go:build linux || freebsd

package same

import "syscall"

// dialBSD builds for FreeBSD too, where the package declares no
// SetKeepAlive: its fix names the options, which Linux and FreeBSD
// share.
func dialBSD() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM, 0) // fix `^Turn keepalive on: 30s idle, 10s interval, 5 probes` // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
