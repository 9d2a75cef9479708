//go:build !unix

package migrate

import "os"

// keepAttributes gives tmp the mode of the file it replaces; files
// here have no Unix owner.
func keepAttributes(tmp *os.File, target string, orig os.FileInfo) error {
	return tmp.Chmod(orig.Mode().Perm())
}

// hardLinks is the number of names the file has, as far as kafix can
// tell here.
func hardLinks(os.FileInfo) int { return 1 }

// processAlive reports whether the process pid exists.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	p.Release()
	return true
}
