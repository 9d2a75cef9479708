package fixer

import (
	"go/ast"
	"go/build/constraint"
	"path/filepath"
	"slices"
	"strings"
)

// The systems a file builds for decide which socket options a fix may
// name: TCP_KEEPIDLE exists on Linux and most BSDs, darwin calls it
// TCP_KEEPALIVE, OpenBSD has none. The set is computed from the file's
// build constraint and its _GOOS.go or _GOOS_GOARCH.go name, the way
// go/build does, without loading anything.

// knownOS and unixOS are go/build's lists (internal/syslist), which it
// does not export: the one list of systems in kafix.
var knownOS = []string{
	"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
	"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
}

var unixOS = map[string]bool{
	"aix": true, "android": true, "darwin": true, "dragonfly": true, "freebsd": true, "hurd": true,
	"illumos": true, "ios": true, "linux": true, "netbsd": true, "openbsd": true, "solaris": true,
}

var knownArch = map[string]bool{
	"386": true, "amd64": true, "amd64p32": true, "arm": true, "armbe": true, "arm64": true,
	"arm64be": true, "loong64": true, "mips": true, "mipsle": true, "mips64": true, "mips64le": true,
	"mips64p32": true, "mips64p32le": true, "ppc": true, "ppc64": true, "ppc64le": true, "riscv": true,
	"riscv64": true, "s390": true, "s390x": true, "sparc": true, "sparc64": true, "wasm": true,
}

// BuildsFor lists the systems that file, called name, builds for,
// sorted; nil means every system. Both the analyzer (which systems a
// site's file builds for) and the fixer (where a declaration may go)
// ask it.
func BuildsFor(name string, file *ast.File) []string {
	return buildsFor(filepath.Base(name), buildConstraint(file))
}

// buildsFor lists the systems for which a file called name with the
// build constraint expr (nil if none) may build; nil means all.
func buildsFor(name string, expr constraint.Expr) []string {
	var out []string
	for _, goos := range knownOS {
		if goodOSFile(name, goos) && (expr == nil || satisfiable(expr, goos)) {
			out = append(out, goos)
		}
	}
	if len(out) == len(knownOS) {
		return nil
	}
	if out == nil {
		out = []string{} // builds for no system
	}
	return out
}

// buildConstraint is the file's //go:build constraint, or the
// conjunction of its // +build lines, or nil.
func buildConstraint(file *ast.File) constraint.Expr {
	var plus constraint.Expr
	for _, group := range file.Comments {
		if group.Pos() >= file.Package {
			break
		}
		for _, c := range group.List {
			switch {
			case constraint.IsGoBuild(c.Text):
				if x, err := constraint.Parse(c.Text); err == nil {
					return x
				}
			case constraint.IsPlusBuild(c.Text):
				if x, err := constraint.Parse(c.Text); err == nil {
					if plus == nil {
						plus = x
					} else {
						plus = &constraint.AndExpr{X: plus, Y: x}
					}
				}
			}
		}
	}
	return plus
}

// matchOS reports whether tag, a system name or "unix", is satisfied
// on goos, as go/build's matchTag decides it.
func matchOS(tag, goos string) bool {
	switch {
	case tag == goos:
		return true
	case goos == "android" && tag == "linux", goos == "ios" && tag == "darwin", goos == "illumos" && tag == "solaris":
		return true
	case tag == "unix":
		return unixOS[goos]
	}
	return false
}

func isOSTag(tag string) bool {
	return tag == "unix" || slices.Contains(knownOS, tag)
}

// goodOSFile reports whether a file called name builds on goos for
// some architecture (go/build's goodOSArchFile).
func goodOSFile(name, goos string) bool {
	name, _, _ = strings.Cut(name, ".")
	i := strings.Index(name, "_")
	if i < 0 {
		return true
	}
	l := strings.Split(name[i:], "_")
	if n := len(l); n > 0 && l[n-1] == "test" {
		l = l[:n-1]
	}
	n := len(l)
	if n >= 2 && slices.Contains(knownOS, l[n-2]) && knownArch[l[n-1]] {
		return matchOS(l[n-2], goos)
	}
	if n >= 1 && slices.Contains(knownOS, l[n-1]) {
		return matchOS(l[n-1], goos)
	}
	return true
}

// archFile reports whether a file called name builds for one
// architecture only (x_amd64.go, x_linux_arm64.go).
func archFile(name string) bool {
	base, _, _ := strings.Cut(filepath.Base(name), ".")
	parts := strings.Split(base, "_")
	if n := len(parts); n > 0 && parts[n-1] == "test" {
		parts = parts[:n-1]
	}
	return len(parts) > 1 && knownArch[parts[len(parts)-1]]
}

// maxFreeTags bounds the search for tags that satisfy a constraint;
// beyond it, the constraint is assumed satisfiable.
const maxFreeTags = 12

// satisfiable reports whether expr holds on goos for some setting of
// its other tags (architectures, cgo, custom tags, go versions).
func satisfiable(expr constraint.Expr, goos string) bool {
	var free []string
	collectTags(expr, func(tag string) {
		if !isOSTag(tag) && !slices.Contains(free, tag) {
			free = append(free, tag)
		}
	})
	if len(free) > maxFreeTags {
		return true
	}
	for mask := 0; mask < 1<<len(free); mask++ {
		ok := expr.Eval(func(tag string) bool {
			if isOSTag(tag) {
				return matchOS(tag, goos)
			}
			return mask&(1<<slices.Index(free, tag)) != 0
		})
		if ok {
			return true
		}
	}
	return false
}

func collectTags(x constraint.Expr, f func(string)) {
	switch x := x.(type) {
	case *constraint.TagExpr:
		f(x.Tag)
	case *constraint.NotExpr:
		collectTags(x.X, f)
	case *constraint.AndExpr:
		collectTags(x.X, f)
		collectTags(x.Y, f)
	case *constraint.OrExpr:
		collectTags(x.X, f)
		collectTags(x.Y, f)
	}
}
