// Package other retries a socket in a loop with another call: the // want package:"hasKeepAliveFacts"
// check after the loop is not shared by the same kind of socket, and
// the first socket's fix would configure whatever the loop left.
package other

import "syscall"

func socket(family int) (int, error) { // want socket:`socketConstructor\(syscall domain=param0 type=1 proto=0 fd=result0\)`
	return syscall.Socket(family, syscall.SOCK_STREAM, 0)
}

func retry(fd int, err error) bool { return err == nil && fd < 3 }

// dialOther's loop retries with another function: no shared check, no
// fix.
func dialOther(sa syscall.Sockaddr) (int, error) {
	fd, err := socket(syscall.AF_INET) // want `socket \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE.*no automatic fix`
	for i := 0; i < 2 && retry(fd, err); i++ {
		fd, err = syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	}
	if err != nil {
		return -1, err
	}
	return fd, syscall.Connect(fd, sa)
}
