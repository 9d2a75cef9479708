package rawshape

import "syscall"

// acceptDarwin: outside Linux and the BSDs the fix does not rely on
// inheritance: each accepted socket is configured after its own check.
func acceptDarwin(sa syscall.Sockaddr) error {
	lfd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0) // want `syscall.Socket \(listening; each accepted socket is configured\) creates a TCP socket`
	if err != nil {
		return err
	}
	if err := syscall.Bind(lfd, sa); err != nil {
		return err
	}
	for {
		nfd, _, err := syscall.Accept(lfd)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		syscall.Close(nfd)
	}
}
