package client

import "golang.org/x/sys/unix"

// onDarwin: x/sys/unix names all three timers on darwin, the idle time
// as TCP_KEEPALIVE.
func onDarwin() (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0) // want `unix.Socket creates a TCP socket without SO_KEEPALIVE: the system sends no keepalive probes at all, so a dead peer or a connection dropped while idle is never noticed; the fix turns keepalive on with 30s idle, 10s interval and 5 probes`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
