package migrate

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchangeNames swaps the files named a and b atomically
// (renamex_np with RENAME_SWAP, on APFS), or returns errNoExchange.
func exchangeNames(a, b string) error {
	err := unix.RenamexNp(a, b, unix.RENAME_SWAP)
	if errors.Is(err, unix.ENOTSUP) || errors.Is(err, unix.EINVAL) {
		return errNoExchange
	}
	if err != nil {
		return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
	}
	return nil
}
