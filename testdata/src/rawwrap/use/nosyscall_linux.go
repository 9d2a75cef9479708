package use

import "rawwrap/sock"

// listen6 imports no syscall: the fix adds it.
func listen6() (fd int, err error) {
	fd, err = sock.Stream(sock.INET6) // want `sock.Stream \(a socket constructor\) creates a TCP socket`
	if err != nil {
		return -1, err
	}
	return fd, nil
}
