//go:build unix

package oldgo

import "syscall"

func eventLoop(fd int) error {
	for {
		nfd, _, err := syscall.Accept(fd)
		if err != nil {
			return err
		}
		syscall.Close(nfd)
	}
}
