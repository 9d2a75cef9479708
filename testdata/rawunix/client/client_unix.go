//go:build unix

package client

import "golang.org/x/sys/unix"

// onUnix builds for every unix system: SO_KEEPALIVE alone.
func onUnix() (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s` // want `unix.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
