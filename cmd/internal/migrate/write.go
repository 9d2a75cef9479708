package migrate

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// writeFile replaces the file name, loaded as loaded, with content. It
// never leaves a half-written file: the new content goes to a
// temporary file in the same directory, with the same mode, which is
// renamed over the original. It refuses a read-only file and a file
// whose contents changed since they were loaded. A symbolic link is
// followed, and the file it points to is replaced.
func writeFile(name string, loaded, content []byte) error {
	target, err := filepath.EvalSymlinks(name)
	if err != nil {
		return err
	}
	info, err := os.Stat(target)
	if err != nil {
		return err
	}
	if info.Mode().Perm()&0o200 == 0 {
		return errors.New("the file is read-only")
	}
	current, err := os.ReadFile(target)
	if err != nil {
		return err
	}
	if !bytes.Equal(current, loaded) {
		return errors.New("the file changed on disk since kafix loaded it")
	}

	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".kafix-*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(content); err != nil {
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		return err
	}
	if err := keepOwner(tmp, info); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("replacing the file: %v", err)
	}
	ok = true
	return nil
}
