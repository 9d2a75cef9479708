package migrate

import (
	"os/exec"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"
)

// kafix writes the user's own code only: the files of the main modules
// (the module kafix runs in, or the workspace's modules), or, in GOPATH
// mode, of the packages named. Run as root, kafix all or kafix net
// would otherwise rewrite the installed standard library, and naming a
// vendored package would rewrite vendor/, which go mod vendor then
// silently reverts. Their sites are reported by -check and left by the
// migration, with the reason.

// goDirs are the directories of the go command's own trees.
type goDirs struct {
	goroot   string // GOROOT: the standard library and the toolchain
	modcache string // GOMODCACHE: the downloaded modules
}

// goDirs returns the go command's GOROOT and GOMODCACHE, symbolic
// links resolved, asked once per run.
func (r *runner) goDirs() goDirs {
	r.goDirsOnce.Do(func() {
		cmd := exec.Command("go", "env", "GOROOT", "GOMODCACHE")
		cmd.Dir = r.opts.Dir
		out, err := cmd.Output()
		if err != nil {
			return
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) == 2 {
			r.dirs = goDirs{goroot: realPath(lines[0]), modcache: realPath(lines[1])}
		}
	})
	return r.dirs
}

// realPath is path with its symbolic links resolved, if it can be.
func realPath(path string) string {
	if path == "" {
		return ""
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		return real
	}
	return path
}

// notUsersCode says why kafix does not write the file name of package
// p, or returns "" if it may: name, or the file it links to, is in the
// Go installation or the module cache, p is in no main module (the
// standard library, a dependency), or name is under a vendor
// directory. moduleMode is whether the go command runs in module mode.
func notUsersCode(p *packages.Package, name string, dirs goDirs, moduleMode bool) string {
	real := realPath(name)
	for _, file := range []string{name, real} {
		switch {
		case within(dirs.goroot, file):
			return "it is in the Go installation (GOROOT), which kafix does not write"
		case within(dirs.modcache, file):
			return "it is in the module cache, which kafix does not write"
		}
	}
	switch {
	case p.Module == nil && moduleMode:
		return "it is in the standard library, which kafix does not write"
	case p.Module != nil && !p.Module.Main && isVendored(name):
		return "it is in vendor/, which go mod vendor rewrites: fix module " + p.Module.Path + " at its source"
	case p.Module != nil && !p.Module.Main:
		return "it is in module " + p.Module.Path + ", which is not a main module: kafix writes the main modules' files only"
	case isVendored(name):
		return "it is in vendor/, which go mod vendor rewrites"
	}
	return ""
}

// within reports whether path is dir or below it.
func within(dir, path string) bool {
	if dir == "" {
		return false
	}
	rel, err := filepath.Rel(dir, path)
	return err == nil && filepath.IsLocal(rel)
}

// isVendored reports whether name is below a directory named vendor.
func isVendored(name string) bool {
	for _, elem := range strings.Split(filepath.ToSlash(filepath.Dir(name)), "/") {
		if elem == "vendor" {
			return true
		}
	}
	return false
}
