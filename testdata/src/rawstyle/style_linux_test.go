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
	_ = syscall.Connect(fd, &syscall.SockaddrInet4{Port: 80, Addr: [4]byte{192, 0, 2, 1}})
}

// mustNil stops the test, as require.NoError does.
func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestSocketHelper(t *testing.T) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	mustNil(t, err)
	defer syscall.Close(fd)
	_ = syscall.Connect(fd, &syscall.SockaddrInet4{Port: 80, Addr: [4]byte{192, 0, 2, 1}})
}
