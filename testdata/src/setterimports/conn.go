// Package setterimports has, in its only file, a fix that imports time
// without the option setter (a Dial under -user-timeout=0) and a raw
// socket whose fix needs the setter (the file builds for every
// system): the setter's declaration must not import time a second
// time.
package setterimports

import (
	"net"
	"syscall"
)

func dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}

func raw(sa syscall.Sockaddr) (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	return fd, syscall.Connect(fd, sa)
}
