//go:build linux || darwin

package migrate

import (
	"errors"
	"testing"

	"golang.org/x/sys/unix"
)

// setTestXattr sets the extended attribute name of path and reports
// whether the file system has them.
func setTestXattr(t *testing.T, path, name, value string) bool {
	t.Helper()
	err := unix.Setxattr(path, name, []byte(value), 0)
	if errors.Is(err, unix.ENOTSUP) {
		t.Log("no extended attributes on this file system:", err)
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	return true
}

// testXattr is the value of path's extended attribute name.
func testXattr(t *testing.T, path, name string) string {
	t.Helper()
	v, err := xattr(path, name)
	if err != nil {
		t.Fatal(err)
	}
	return string(v)
}
