// Package use calls the constructors of package sock: the calls whose
// arguments make a TCP socket are the sites.
package use

import (
	"fmt"
	"syscall"

	"rawwrap/sock"
)

func dialTCP() (int, error) {
	fd, err := sock.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `sock.Socket \(a socket constructor\) creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, fmt.Errorf("dial: %w", err)
	}
	return fd, nil
}

// stream6 does not import syscall for the setsockopt calls: the fix
// adds the import.
func stream6() int {
	fd, err := sock.Stream(sock.INET6) // want `sock.Stream \(a socket constructor\) creates a TCP socket`
	if err != nil {
		panic(err)
	}
	return fd
}

func pair() (int, error) {
	_, fd, err := sock.Pair(sock.INET) // want `sock.Pair \(a socket constructor\) creates a TCP socket`
	if err != nil {
		return 0, err
	}
	return fd, nil
}

// Not TCP: never reported, and sock's bodies are not either.
func udp() (int, error)   { return sock.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, 0) }
func local() (int, error) { return sock.Stream(sock.UNIX) }
func vsock() (int, error) { return sock.Stream(40) } // AF_VSOCK
func packet() (int, error) {
	return sock.Socket(syscall.AF_PACKET, syscall.SOCK_RAW, 0x0300)
}
