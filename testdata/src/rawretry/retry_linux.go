// Package rawretry dials the way Go's net package does, and // want package:"hasKeepAliveFacts"
// cloudwego/netpoll after it: a raw socket retried in a loop against
// self-connects, whose error is checked once, after the loop.
package rawretry

import "syscall"

func socket(family int) (int, error) { // want socket:`socketConstructor\(syscall domain=param0 type=1 proto=0 fd=result0\)`
	return syscall.Socket(family, syscall.SOCK_STREAM, 0)
}

func selfConnect(fd int, err error) bool {
	if err != nil {
		return false
	}
	local, _ := syscall.Getsockname(fd)
	remote, _ := syscall.Getpeername(fd)
	return local == remote
}

func dial(sa syscall.Sockaddr) (int, error) {
	fd, err := socket(syscall.AF_INET) // want `socket \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	for i := 0; i < 2 && selfConnect(fd, err); i++ {
		if err == nil {
			syscall.Close(fd)
		}
		fd, err = socket(syscall.AF_INET) // want `socket \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	}
	if err != nil {
		return -1, err
	}
	return fd, syscall.Connect(fd, sa)
}
