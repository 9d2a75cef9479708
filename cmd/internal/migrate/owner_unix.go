//go:build unix

package migrate

import (
	"os"
	"syscall"
)

// keepOwner gives tmp the owner of the file it replaces: kafix run as
// root must not hand the user's file to root.
func keepOwner(tmp *os.File, orig os.FileInfo) error {
	st, ok := orig.Sys().(*syscall.Stat_t)
	if !ok || os.Geteuid() != 0 {
		return nil
	}
	return tmp.Chown(int(st.Uid), int(st.Gid))
}

// hardLinks is the number of names the file has.
func hardLinks(info os.FileInfo) int {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return int(st.Nlink)
	}
	return 1
}
