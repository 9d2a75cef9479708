// Package rawneg has raw sockets that are not TCP, or whose kind is // want package:"hasKeepAliveFacts"
// not known: none is reported.
package rawneg

import "syscall"

func udp() (int, error) {
	return syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, 0)
}

func unixStream() (int, error) {
	return syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
}

// seqpacket shares a bit with SOCK_STREAM: masking, not a bit test.
func seqpacket() (int, error) {
	return syscall.Socket(syscall.AF_INET, syscall.SOCK_SEQPACKET, 0)
}

// raw shares bits with SOCK_STREAM too.
func raw() (int, error) {
	return syscall.Socket(syscall.AF_INET, syscall.SOCK_RAW, syscall.IPPROTO_TCP)
}

// sctp is a stream socket, but not TCP.
func sctp() (int, error) {
	return syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 132)
}

// unknownDomain: proto 0 with a domain that is not a constant may be
// AF_UNIX.
func unknownDomain(sa syscall.Sockaddr) (int, error) {
	domain := familyOf(sa)
	return syscall.Socket(domain, syscall.SOCK_STREAM, 0)
}

// mixedDomain: one assignment is not an internet family.
func mixedDomain(local bool) (int, error) {
	domain := syscall.AF_INET
	if local {
		domain = syscall.AF_UNIX
	}
	return syscall.Socket(domain, syscall.SOCK_STREAM, 0)
}

// addressTaken: the domain may be changed through its address.
func addressTaken() (int, error) {
	domain := syscall.AF_INET
	setFamily(&domain)
	return syscall.Socket(domain, syscall.SOCK_STREAM, 0)
}

func setFamily(p *int) { *p = syscall.AF_UNIX }

func familyOf(sa syscall.Sockaddr) int {
	if _, ok := sa.(*syscall.SockaddrUnix); ok {
		return syscall.AF_UNIX
	}
	return syscall.AF_INET
}

// streamWrapper passes its domain into Socket: it is a constructor,
// called here only for AF_UNIX, and its body is never a site.
func streamWrapper(domain int) (int, error) { // want streamWrapper:`socketConstructor\(syscall domain=param0 type=[0-9]+ proto=0 fd=result0\)`
	fd, err := syscall.Socket(domain, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	return fd, nil
}

func unixOnly() (int, error) {
	return streamWrapper(syscall.AF_UNIX)
}

// datagramOnly fixes a datagram type: never TCP, no constructor.
func datagramOnly(domain int) (int, error) {
	return syscall.Socket(domain, syscall.SOCK_DGRAM, 0)
}

// A TCP socket bound to a loopback address accepts, or reaches, only
// this host, where a dead peer's kernel closes the connection at once.
func boundToLoopback6() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	sa := &syscall.SockaddrInet6{Addr: [16]byte{15: 0x01}}
	if err := syscall.Bind(fd, sa); err != nil {
		return -1, err
	}
	return fd, syscall.Listen(fd, 16)
}

// So does one connected to 127.0.0.0/8.
func connectedToLoopback4(port int) (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	return fd, syscall.Connect(fd, &syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 2}})
}

// So does one connected to a Sockaddr variable holding 127.0.0.1,
// passed by address: Connect only reads it.
func connectedToLoopbackVar(port int) (int, error) {
	addr := syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, err
	}
	return fd, syscall.Connect(fd, &addr)
}

// A socket whose options alone are used never carries data (a test of
// socket options): no site.
func optionsOnly() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return 0, err
	}
	defer syscall.Close(fd)
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_RCVBUF, 1<<16); err != nil {
		return 0, err
	}
	return syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_RCVBUF)
}
