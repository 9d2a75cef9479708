// Package rawstyle has one raw TCP socket per error-handling style:
// each fix copies the socket call's own check.
package rawstyle

import (
	"fmt"
	"log"
	"os"
	"syscall"
)

// returnMinusOne returns -1 and the bare error, and closes the fd on a
// later failure with syscall.Close.
func returnMinusOne(sa syscall.Sockaddr) (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE: a dead idle peer is never noticed`
	if err != nil {
		return -1, err
	}
	if err := syscall.Connect(fd, sa); err != nil {
		syscall.Close(fd)
		return -1, err
	}
	return fd, nil
}

// wrapped wraps with fmt.Errorf and %w.
func wrapped() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, syscall.IPPROTO_TCP) // want `syscall.Socket creates a TCP socket without SO_KEEPALIVE`
	if err != nil {
		return -1, fmt.Errorf("socket for %s: %w", "peer", err)
	}
	return fd, nil
}

// syscallError wraps with os.NewSyscallError and closes with a
// helper of its own.
func syscallError() (int, error) {
	s, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_NONBLOCK, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	if err := syscall.SetNonblock(s, true); err != nil {
		closeFD(s)
		return -1, os.NewSyscallError("setnonblock", err)
	}
	return s, nil
}

func closeFD(fd int) { _ = syscall.Close(fd) }

// blankClose closes with the error assigned to _.
func blankClose(sa syscall.Sockaddr) (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		return 0, err
	}
	if err := syscall.Bind(fd, sa); err != nil {
		_ = syscall.Close(fd)
		return 0, err
	}
	return fd, nil
}

// fatal logs and exits: no close, nothing to leak.
func fatal() int {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		log.Fatalf("socket: %v", err)
	}
	return fd
}

// panics panics.
func panics() int {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		panic(err)
	}
	return fd
}

// ignored ignores the error: so does the fix.
func ignored() int {
	fd, _ := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	return fd
}

// named returns named results and closes the fd in a deferred
// function when it fails: the inserted checks assign err and return.
func named(sa syscall.Sockaddr) (fd int, err error) {
	defer func() {
		if err != nil && fd >= 0 {
			syscall.Close(fd)
			fd = -1
		}
	}()
	fd, err = syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		return
	}
	err = syscall.Connect(fd, sa)
	return
}

// deferred closes the fd whatever happens: no close is inserted.
func deferred(sa syscall.Sockaddr) error {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		return fmt.Errorf("socket: %v", err)
	}
	defer syscall.Close(fd)
	return syscall.Connect(fd, sa)
}

type opError struct {
	op  string
	err error
}

func (e *opError) Error() string { return e.op + ": " + e.err.Error() }

func wrapOp(op string, err error) error { return &opError{op, err} }

// projectHelper wraps with a helper of the project.
func projectHelper() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		return -1, wrapOp("socket", err)
	}
	return fd, nil
}

// initForm checks the error in the if statement that makes the socket;
// the fd outlives it.
func initForm() (int, error) {
	var fd int
	var err error
	if fd, err = syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0); err != nil { // want `syscall.Socket creates a TCP socket`
		return -1, err
	}
	return fd, nil
}

// deferredLater registers its deferred close only after the check, so
// the inserted checks close the fd themselves, the way that deferred
// function does.
func deferredLater(sa syscall.Sockaddr) (fd int, err error) {
	if fd, err = syscall.Socket(syscall.AF_INET6, syscall.SOCK_STREAM, syscall.IPPROTO_TCP); err != nil { // want `syscall.Socket creates a TCP socket`
		err = os.NewSyscallError("socket", err)
		return
	}
	defer func() {
		if err != nil {
			_ = syscall.Close(fd)
		}
	}()
	err = os.NewSyscallError("connect", syscall.Connect(fd, sa))
	return
}

// gotoFail leaves its check by goto, to code that returns err: the
// inserted checks assign that err, so that a failed option is returned
// as the error, not a nil one.
func gotoFail() (int, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
	if err != nil {
		goto fail
	}
	return fd, nil
fail:
	return -1, err
}

// retryBreak leaves its check by break, and the code after the loop
// reads err.
func retryBreak(tries int) (int, error) {
	var fd int
	var err error
	for i := 0; i < tries; i++ {
		fd, err = syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket creates a TCP socket`
		if err != nil {
			break
		}
		return fd, nil
	}
	return -1, err
}
