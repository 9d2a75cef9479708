package rawstyle

import (
	"syscall"
	"testing"
)

func TestSocket(t *testing.T) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		t.Fatalf("socket: %v", err)
	}
	defer syscall.Close(fd)
}
