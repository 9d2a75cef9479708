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
// renamed over the original; as root, the owner is kept too. It
// refuses a read-only file, a file with several hard links and a file
// whose contents changed since they were loaded. A symbolic link is
// followed, and the file it points to is replaced.
func writeFile(name string, loaded, content []byte) error {
	target, info, err := checkWritable(name, loaded)
	if err != nil {
		return err
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
	if err := rename(tmp.Name(), target); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			err = le.Err // the names are the temporary file's and the file's
		}
		return fmt.Errorf("replacing the file: %v", err)
	}
	ok = true
	return nil
}

// rename is os.Rename; tests replace it to make the last step fail.
var rename = os.Rename

// checkWritable resolves name's symbolic links and returns the file
// that writing name replaces, with its mode, or why it must not be
// replaced: it is not a regular file, it is read-only, or its contents
// are no longer those that were loaded, or it has other names (hard
// links) that replacing it would leave behind.
func checkWritable(name string, loaded []byte) (target string, info os.FileInfo, err error) {
	if loaded == nil {
		return "", nil, errors.New("kafix did not load it")
	}
	target, err = filepath.EvalSymlinks(name)
	if err != nil {
		return "", nil, err
	}
	info, err = os.Stat(target)
	if err != nil {
		return "", nil, err
	}
	if !info.Mode().IsRegular() {
		return "", nil, errors.New("not a regular file")
	}
	if info.Mode().Perm()&0o200 == 0 {
		return "", nil, errors.New("the file is read-only")
	}
	if n := hardLinks(info); n > 1 {
		// Renaming a new file over one of its names would leave the
		// others with the old contents.
		return "", nil, fmt.Errorf("the file has %d hard links, which replacing it would break apart", n)
	}
	current, err := os.ReadFile(target)
	if err != nil {
		return "", nil, err
	}
	if !bytes.Equal(current, loaded) {
		return "", nil, errors.New("the file changed on disk since kafix loaded it")
	}
	return target, info, nil
}
