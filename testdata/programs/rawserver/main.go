//go:build linux

// Command rawserver accepts TCP connections on a raw syscall socket
// (Socket/Bind/Listen/Accept) and never writes to them (but one byte with
// -busy). For each accepted fd it prints the socket's keepalive options and
// then blocks in syscall.Read on it.
//
// Output (stdout):
//
//	LISTEN <addr>
//	OPTS keepalive=<0|1> idle=<s> intvl=<s> cnt=<n> ut=<ms>   (one per accepted fd)
//	WROTE <n> <error>               (with -busy, after a line on stdin, per fd)
//	READ_ERR <elapsed-ms> <error>   (when a blocked read fails)
//	WRITE_ERR <ms> <bytes> <error>  (with -fill, instead of reading)
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"strconv"
	"syscall"
	"time"

	"kafix.test/programs/internal/report"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "IPv4 address:port to listen on")
	flag.Parse()

	sa, err := sockaddr(*addr)
	if err != nil {
		log.Fatal(err)
	}
	lfd, err := listen(sa)
	if err != nil {
		log.Fatal(err)
	}
	defer syscall.Close(lfd)

	bound, err := syscall.Getsockname(lfd)
	if err != nil {
		log.Fatal(err)
	}
	b := bound.(*syscall.SockaddrInet4)
	fmt.Printf("LISTEN %s\n", net.JoinHostPort(net.IP(b.Addr[:]).String(), strconv.Itoa(b.Port)))

	// Accepted fds stay open: the peer must see a silent, open socket.
	for {
		nfd, _, err := syscall.Accept(lfd)
		if err == syscall.EINTR || err == syscall.ECONNABORTED {
			continue
		}
		if err != nil {
			log.Fatalf("accept: %v", err)
		}
		report.FD(nfd)
		go serve(nfd)
	}
}

// serve reads fd until the read fails (the peer never writes), or fills it
// with -fill. The fd is never closed.
func serve(fd int) {
	write := func(b []byte) (int, error) {
		for {
			n, err := syscall.Write(fd, b)
			if err != syscall.EINTR {
				return n, err
			}
		}
	}
	if report.Filling() {
		report.Fill(write)
		return
	}
	report.Busy(write)

	buf := make([]byte, 512)
	start := time.Now()
	for {
		n, err := syscall.Read(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			report.ReadErr(start, err)
			return
		}
		if n == 0 {
			report.ReadErr(start, io.EOF)
			return
		}
	}
}

// listen returns a listening TCP socket bound to sa.
func listen(sa *syscall.SockaddrInet4) (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return -1, fmt.Errorf("socket: %w", err)
	}
	if err := syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1); err != nil {
		syscall.Close(fd)
		return -1, fmt.Errorf("setsockopt SO_REUSEADDR: %w", err)
	}
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		return -1, fmt.Errorf("bind: %w", err)
	}
	if err := syscall.Listen(fd, syscall.SOMAXCONN); err != nil {
		syscall.Close(fd)
		return -1, fmt.Errorf("listen: %w", err)
	}
	return fd, nil
}

// sockaddr parses "a.b.c.d:port" into a syscall.SockaddrInet4.
func sockaddr(s string) (*syscall.SockaddrInet4, error) {
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return nil, err
	}
	p, err := strconv.Atoi(port)
	if err != nil {
		return nil, err
	}
	ip := net.ParseIP(host).To4()
	if ip == nil {
		return nil, &net.AddrError{Err: "not an IPv4 address", Addr: host}
	}
	sa := &syscall.SockaddrInet4{Port: p}
	copy(sa.Addr[:], ip)
	return sa, nil
}
