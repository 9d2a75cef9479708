//go:build linux || darwin

package migrate

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/sys/unix"
)

// copyXattrs gives the file to its extended attributes (user.*, and
// ACLs, security labels where the user may set them). An attribute
// that to has already with the same value, such as a security label
// that every new file of the directory gets, is left alone; one that
// cannot be set is an error: replacing the file would drop it.
func copyXattrs(to, from string) error {
	names, err := xattrNames(from)
	if errors.Is(err, unix.ENOTSUP) {
		return nil // the file system has none
	}
	if err != nil {
		return fmt.Errorf("reading its extended attributes: %v", err)
	}
	for _, name := range names {
		value, err := xattr(from, name)
		if err != nil {
			return fmt.Errorf("reading its extended attribute %s: %v", name, err)
		}
		if have, err := xattr(to, name); err == nil && bytes.Equal(have, value) {
			continue
		}
		if err := unix.Setxattr(to, name, value, 0); err != nil {
			return fmt.Errorf("its extended attribute %s cannot be kept: %v", name, err)
		}
	}
	return nil
}

// xattrNames lists the names of the file's extended attributes.
func xattrNames(path string) ([]string, error) {
	buf, err := growRead(func(dest []byte) (int, error) { return unix.Listxattr(path, dest) })
	if err != nil {
		return nil, err
	}
	var names []string
	for name := range strings.SplitSeq(string(buf), "\x00") {
		if name != "" {
			names = append(names, name)
		}
	}
	return names, nil
}

// xattr is the value of the file's extended attribute name.
func xattr(path, name string) ([]byte, error) {
	return growRead(func(dest []byte) (int, error) { return unix.Getxattr(path, name, dest) })
}

// growRead calls read with a buffer that it grows until the answer
// fits: asked with no buffer, read says how long the answer is, which
// may grow before the second call (ERANGE).
func growRead(read func(dest []byte) (int, error)) ([]byte, error) {
	for {
		n, err := read(nil)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, nil
		}
		buf := make([]byte, n)
		n, err = read(buf)
		if errors.Is(err, unix.ERANGE) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return buf[:n], nil
	}
}
