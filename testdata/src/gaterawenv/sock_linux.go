package main

import (
	"fmt"
	"syscall"

	"gaterawsock"
)

func dial(sa syscall.Sockaddr) (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // fix `tuned at run time by KEEPALIVE, KEEPIDLE, KEEPINTVL and KEEPCNT` // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, err
	}
	if err := syscall.Connect(fd, sa); err != nil {
		syscall.Close(fd)
		return -1, err
	}
	return fd, nil
}

func dialWrapped() (int, error) {
	fd, err := gaterawsock.Socket(syscall.AF_INET6, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0) // want `gaterawsock.Socket \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, fmt.Errorf("socket: %w", err)
	}
	return fd, nil
}

func serve(sa syscall.Sockaddr, handle func(int)) error {
	ln, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket \(listening; accepted sockets copy its options\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return err
	}
	defer syscall.Close(ln)
	if err := syscall.Bind(ln, sa); err != nil {
		return err
	}
	if err := syscall.Listen(ln, 128); err != nil {
		return err
	}
	for {
		nfd, _, err := syscall.Accept(ln)
		if err != nil {
			return err
		}
		go handle(nfd)
	}
}

func turnedOff() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 0); err != nil { // want `SetsockoptInt\(SO_KEEPALIVE, 0\) turns TCP keepalive off.*no automatic fix: set SO_KEEPALIVE to 1 behind the gate by hand$`
		syscall.Close(fd)
		return -1, err
	}
	return fd, nil
}
