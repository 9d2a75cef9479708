// Command rawlinuxclient connects with raw syscall.Socket and syscall.Connect,
// prints the socket's keepalive options and then blocks in syscall.Read on a
// peer that never writes. Its file is Linux-only by its name, main_linux.go,
// so its fix may name Linux's options.
//
// Output (stdout):
//
//	OPTS keepalive=<0|1> idle=<s> intvl=<s> cnt=<n> ut=<ms>
//	WROTE <n> <error>               (with -busy, after a line on stdin)
//	READ_ERR <elapsed-ms> <error>   (when the blocked read fails)
//	WRITE_ERR <ms> <bytes> <error>  (with -fill, instead of reading)
package main

import (
	"flag"
	"io"
	"log"
	"net"
	"strconv"
	"syscall"
	"time"

	"kafix.test/programs/internal/report"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:9000", "IPv4 address:port to connect to")
	flag.Parse()

	sa, err := sockaddr(*addr)
	if err != nil {
		log.Fatal(err)
	}

	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		log.Fatalf("socket: %v", err)
	}
	defer syscall.Close(fd)

	if err := syscall.Connect(fd, sa); err != nil {
		log.Fatalf("connect: %v", err)
	}

	report.FD(fd)
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
