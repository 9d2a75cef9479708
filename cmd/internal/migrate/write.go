package migrate

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// A fileWrite is one file that a package's fixes change.
type fileWrite struct {
	name    string // as the package names it
	loaded  []byte // its contents when kafix loaded it
	content []byte // what the fixes make of it

	target string      // the file that writing name replaces: name, symbolic links resolved
	info   os.FileInfo // target's, when it was checked
	tmp    string      // the temporary file: the new contents, or, once swapped in, the old file
	done   bool        // the new contents are in place
	keep   bool        // tmp holds the old file, which could not be put back
	// swapped says that tmp holds the file that the new contents
	// replaced (exchange); otherwise the old file is gone and only
	// loaded, in memory, holds its contents.
	swapped bool
}

// errChanged is why a file that changed on disk since it was loaded is
// not written.
var errChanged = errors.New("the file changed on disk since kafix loaded it")

// writeFile replaces the file name, loaded as loaded, with content, as
// writeFiles does.
func writeFile(name string, loaded, content []byte) error {
	_, err := writeFiles([]*fileWrite{{name: name, loaded: loaded, content: content}})
	return err
}

// writeFiles replaces each file of files with its new contents, all of
// them or none, and never a file that is not as kafix loaded it. It
// returns the file that stopped it, and why, or nil.
//
// Each file is checked (checkWritable), then every new version is
// written to a temporary file in the file's directory, with the
// file's mode (setuid, setgid and sticky bits included), extended
// attributes and, as root, owner, and synced. Only then is each file
// replaced, in turn: where the system can exchange two names
// atomically (Linux's renameat2, darwin's renamex_np), the temporary
// file and the file swap names and the file that came out is compared
// with what kafix loaded; one that differs (the user saved it, in
// place or by renaming a new file over it, at any moment until the
// exchange) is swapped back, so no edit is lost. Elsewhere the file is
// compared right before an ordinary rename: an editor that renames its
// save over the file between that comparison and the rename, a window
// of a few system calls, loses its save; POSIX offers no way to close
// it. In both cases a write in place into the old file after it was
// compared, by a program that opened it before, is seen by comparing
// it again once every file is in place.
//
// If any step fails, the files already replaced are put back (the old
// file itself where it was exchanged, else its loaded contents), unless
// they changed again meanwhile, and the temporary files are removed.
// A temporary file is named .<name>.kafix-<pid>-<random>, so that a
// later run can tell the ones that a run that died left behind
// (removeStaleTemps).
func writeFiles(files []*fileWrite) (failed *fileWrite, err error) {
	defer func() {
		for _, f := range files {
			f.removeTemp()
		}
	}()
	for _, f := range files {
		if f.target, f.info, err = checkWritable(f.name, f.loaded); err != nil {
			return f, err
		}
	}
	for _, f := range files {
		if err := f.writeTemp(); err != nil {
			return f, err
		}
	}
	for i, f := range files {
		if err := f.replace(); err != nil {
			return f, restore(files[:i], err)
		}
	}
	// The last look: a write in place into an old file while the
	// others were replaced.
	for _, f := range files {
		if err := f.recheck(); err != nil {
			return f, restore(files, err)
		}
	}
	return nil, nil
}

// Test hooks: beforeReplace, if set, is called right before a file is
// replaced; rename and exchange replace the system's.
var (
	beforeReplace func(target string)
	rename        = os.Rename
	exchange      = exchangeNames
)

// errNoExchange is exchangeNames's error where the system or the file
// system cannot exchange two names.
var errNoExchange = errors.New("exchanging names is not supported")

// tempPrefix begins the names of a run's temporary files for the file
// base: .base.kafix-<pid>-.
func tempPrefix(base string) string {
	return "." + base + ".kafix-" + strconv.Itoa(os.Getpid()) + "-"
}

// writeTemp writes f's new contents to a temporary file beside f's
// target with the target's mode, owner and extended attributes, and
// syncs it.
func (f *fileWrite) writeTemp() error {
	tmp, err := os.CreateTemp(filepath.Dir(f.target), tempPrefix(filepath.Base(f.target))+"*")
	if err != nil {
		return err
	}
	f.tmp = tmp.Name()
	_, err = tmp.Write(f.content)
	if err == nil {
		err = keepAttributes(tmp, f.target, f.info)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	return err
}

// replace puts f's temporary file in the place of its target, if the
// target still holds what kafix loaded.
func (f *fileWrite) replace() error {
	if beforeReplace != nil {
		beforeReplace(f.target)
	}
	err := exchange(f.tmp, f.target)
	if errors.Is(err, errNoExchange) {
		return f.renameOver()
	}
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New("the file was deleted since kafix loaded it")
	}
	if err != nil {
		return fmt.Errorf("replacing the file: %v", unwrapPath(err))
	}
	f.swapped = true
	// tmp now holds what was the file until the exchange.
	if old, err := os.ReadFile(f.tmp); err != nil || !bytes.Equal(old, f.loaded) {
		if err := exchange(f.tmp, f.target); err != nil {
			return fmt.Errorf("the file changed on disk since kafix loaded it, and putting it back failed: %v; it is in %s", unwrapPath(err), f.tmp)
		}
		f.swapped = false
		return errChanged
	}
	f.done = true
	return nil
}

// renameOver renames f's temporary file over its target, if the
// target still holds what kafix loaded; the systems without an
// exchange of names.
func (f *fileWrite) renameOver() error {
	current, err := os.ReadFile(f.target)
	if errors.Is(err, fs.ErrNotExist) {
		return errors.New("the file was deleted since kafix loaded it")
	}
	if err != nil {
		return err
	}
	if !bytes.Equal(current, f.loaded) {
		return errChanged
	}
	// An editor that renames its save over the file here loses it.
	if err := rename(f.tmp, f.target); err != nil {
		return fmt.Errorf("replacing the file: %v", unwrapPath(err))
	}
	f.tmp = ""
	f.done = true
	return nil
}

// recheck reports whether the old file that f's new contents replaced
// was written in place after it was compared: only an exchanged old
// file can be seen again.
func (f *fileWrite) recheck() error {
	if !f.swapped {
		return nil
	}
	if old, err := os.ReadFile(f.tmp); err != nil || !bytes.Equal(old, f.loaded) {
		return errChanged
	}
	return nil
}

// restore puts back the files of files that were replaced, after err
// stopped the others: an exchanged file is exchanged back, and one
// that was not is written again from its loaded contents, unless the
// user saved it since it was replaced. Whatever a file holds that is
// neither kafix's version nor its loaded contents is never removed. It
// returns err, saying which files could not be put back, if any.
func restore(files []*fileWrite, err error) error {
	var stuck []string
	for _, f := range files {
		if !f.done {
			continue
		}
		current, rerr := os.ReadFile(f.target)
		if rerr != nil || !bytes.Equal(current, f.content) {
			continue // saved again since: the user's
		}
		if f.swapped {
			if exchange(f.tmp, f.target) == nil {
				f.done = false
				// tmp holds kafix's version, unless the user
				// saved the file in this instant.
				if now, err := os.ReadFile(f.tmp); err != nil || !bytes.Equal(now, f.content) {
					if exchange(f.tmp, f.target) == nil {
						f.done = true
					}
				}
				continue
			}
			f.keep = true
			stuck = append(stuck, fmt.Sprintf("%s (its old contents are in %s)", f.name, f.tmp))
			continue
		}
		g := &fileWrite{name: f.target, loaded: f.content, content: f.loaded}
		if _, werr := writeFiles([]*fileWrite{g}); werr != nil {
			stuck = append(stuck, fmt.Sprintf("%s (%v)", f.name, werr))
			continue
		}
		f.done = false
	}
	if len(stuck) > 0 {
		return fmt.Errorf("%v; and the files of the package already written could not be put back: %s", err, strings.Join(stuck, ", "))
	}
	return err
}

// removeTemp removes f's temporary file, unless it holds what must be
// kept: the old file that came out of an exchange and differs from
// what kafix loaded (the user's save, if putting it back failed).
func (f *fileWrite) removeTemp() {
	if f.tmp == "" || f.keep {
		return
	}
	if f.swapped {
		if old, err := os.ReadFile(f.tmp); err != nil || !bytes.Equal(old, f.loaded) && !bytes.Equal(old, f.content) {
			return
		}
	}
	os.Remove(f.tmp)
	f.tmp = ""
}

// unwrapPath drops the file names from a *PathError or *LinkError,
// which name kafix's temporary file.
func unwrapPath(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

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
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, errors.New("the file was deleted since kafix loaded it")
	}
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
		return "", nil, errChanged
	}
	return target, info, nil
}

// isOwnTemp reports whether base names a temporary file of writeFiles,
// and of which process.
func isOwnTemp(base string) (pid int, ok bool) {
	i := strings.LastIndex(base, ".kafix-")
	if !strings.HasPrefix(base, ".") || i < 2 {
		return 0, false
	}
	pidText, random, ok := strings.Cut(base[i+len(".kafix-"):], "-")
	if !ok || !allDigits(pidText) || !allDigits(random) {
		return 0, false
	}
	pid, err := strconv.Atoi(pidText)
	return pid, err == nil && pid > 0
}

func allDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// removeStaleTemps removes from dir the temporary files that a kafix
// run left behind when it died before it could (SIGKILL, a crash, a
// power cut): files named as writeFiles names them, whose process is
// no longer alive. It returns their names.
func removeStaleTemps(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		pid, ok := isOwnTemp(e.Name())
		if !ok || pid == os.Getpid() || !e.Type().IsRegular() || processAlive(pid) {
			continue
		}
		name := filepath.Join(dir, e.Name())
		if os.Remove(name) == nil {
			removed = append(removed, name)
		}
	}
	return removed
}
