//go:build unix

package migrate

import (
	"os"
	"syscall"
	"testing"
)

// TestWriteFileKeepsOwner: root replacing another user's file gives
// the new file that user's owner and group, not root's.
func TestWriteFileKeepsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	path := writeTemp(t, "a.go", "old\n", 0o644)
	const uid, gid = 4321, 8765
	if err := os.Chown(path, uid, gid); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(path, []byte("old\n"), []byte("new\n")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	if st.Uid != uid || st.Gid != gid {
		t.Errorf("owner %d:%d after the write, want %d:%d", st.Uid, st.Gid, uid, gid)
	}
	assertContent(t, path, "new\n")
}
