package migrate

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchangeNames swaps the files named a and b atomically
// (renameat2 with RENAME_EXCHANGE; Linux 3.15 and most local file
// systems), or returns errNoExchange.
func exchangeNames(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.ENOTSUP) {
		return errNoExchange
	}
	if err != nil {
		return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
	}
	return nil
}
