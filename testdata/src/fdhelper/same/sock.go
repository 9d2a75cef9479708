//go:build linux || darwin

package same

import "syscall"

// dial builds for the systems that declare SetKeepAlive: its fix calls
// it with the seconds whose bound (idle + interval x Linux's 9 probes)
// is the policy's 80s.
func dial(sa syscall.Sockaddr) (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // fix `^Turn keepalive on with SetKeepAlive: 8s idle and interval, the system's 9 probes; a dead idle peer is noticed within 1m20s on Linux \(data in flight` // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	if err := syscall.Connect(fd, sa); err != nil {
		syscall.Close(fd)
		return -1, err
	}
	return fd, nil
}
