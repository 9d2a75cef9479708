// Package sock wraps syscall.Socket the way net's sysSocket does. // want package:"hasKeepAliveFacts"
// Its constructors' bodies are never sites: their callers are, where
// their arguments make a TCP socket.
package sock

import (
	"os"
	"syscall"
)

// Socket passes all three arguments through, with close-on-exec.
func Socket(family, sotype, proto int) (int, error) { // want Socket:`socketConstructor\(syscall domain=param0 type=param1 proto=param2 fd=result0\)`
	syscall.ForkLock.RLock()
	s, err := syscall.Socket(family, sotype, proto)
	if err == nil {
		syscall.CloseOnExec(s)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	return s, nil
}

// Stream fixes the type and calls Socket: a constructor through
// another.
func Stream(family int) (int, error) { // want Stream:`socketConstructor\(syscall domain=param0 type=1 proto=0 fd=result0\)`
	return Socket(family, syscall.SOCK_STREAM, 0)
}

// Pair returns the fd as its second result, named.
func Pair(family int) (name string, fd int, err error) { // want Pair:`socketConstructor\(syscall domain=param0 type=1 proto=0 fd=result1\)`
	fd, err = Stream(family)
	name = "pair"
	return
}

// Family names the address families for callers that do not import
// syscall.
const (
	INET  = syscall.AF_INET
	INET6 = syscall.AF_INET6
	UNIX  = syscall.AF_UNIX
)
