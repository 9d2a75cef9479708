//go:build unix

package client

import "golang.org/x/sys/unix"

// onUnix builds for every unix system: SO_KEEPALIVE alone.
func onUnix() (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0) // want `TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT not set: this file builds for aix, android, darwin`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
