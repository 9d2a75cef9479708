package rawlistener

import (
	"net"
	"os"
	"syscall"
)

// fileListenerReturned hands its fd to net.FileListener through a
// conversion helper and returns the listener: Go's Accept gives the
// connections its implicit keepalive, over any option set on the raw
// socket, so options set on the raw fd would not reach them; the
// connections are accepted elsewhere.
func fileListenerReturned(sa syscall.Sockaddr) (net.Listener, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket wrapped by net.FileListener relies on Go's implicit keepalive.*no automatic fix: set keepalive where Accept is called$`
	if err != nil {
		return nil, err
	}
	if err := syscall.Bind(fd, sa); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	if err := syscall.Listen(fd, 16); err != nil {
		syscall.Close(fd)
		return nil, err
	}
	fdUintptr, err := toUintptr(fd)
	if err != nil {
		syscall.Close(fd)
		return nil, err
	}
	return net.FileListener(os.NewFile(fdUintptr, "listener"))
}

func toUintptr(fd int) (uintptr, error) { return uintptr(fd), nil }
