//go:build unix

package migrate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// keepAttributes gives tmp what the file it replaces, target, has
// besides its contents, as gofmt -w, which writes in place, keeps it:
// as root, its owner (kafix run as root must not hand the user's file
// to root); its extended attributes; its mode, setuid, setgid and
// sticky bits included, set after the owner since changing the owner
// clears them. A mode that does not stick (setgid on a file of a group
// the user is not in) is an error.
func keepAttributes(tmp *os.File, target string, orig os.FileInfo) error {
	if st, ok := orig.Sys().(*syscall.Stat_t); ok && os.Geteuid() == 0 {
		if err := tmp.Chown(int(st.Uid), int(st.Gid)); err != nil {
			return err
		}
	}
	if err := copyXattrs(tmp.Name(), target); err != nil {
		return err
	}
	const modeBits = fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky
	mode := orig.Mode() & modeBits
	if err := tmp.Chmod(mode); err != nil {
		return err
	}
	info, err := tmp.Stat()
	if err != nil {
		return err
	}
	if got := info.Mode() & modeBits; got != mode {
		return fmt.Errorf("its mode %v cannot be kept (a new file gets %v)", mode, got)
	}
	return nil
}

// hardLinks is the number of names the file has.
func hardLinks(info os.FileInfo) int {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int(st.Nlink)
	}
	return 1
}

// processAlive reports whether the process pid exists (signal 0: a
// process of another user answers EPERM).
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
