//go:build unix

package client

import "golang.org/x/sys/unix"

// onUnix builds for every unix system: SO_KEEPALIVE alone.
func onUnix() (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0) // want `unix.Socket creates a TCP socket without SO_KEEPALIVE.*; the fix turns keepalive on with 30s idle, 10s interval and 5 probes`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
