package client

import "golang.org/x/sys/unix"

// onDarwin: x/sys/unix names all three timers on darwin, the idle time
// as TCP_KEEPALIVE.
func onDarwin() (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s \(data in flight waits for the system's retransmission limit; see -user-timeout\)$` // want `unix.Socket creates a TCP socket without SO_KEEPALIVE: a dead idle peer is never noticed`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
