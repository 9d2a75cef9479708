package migrate

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/build/constraint"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"
)

// Besides the files for other systems (othersystems.go), two kinds of
// files of the named packages hold socket code that a run never
// analyzes, and the summary would read as if the package were done:
// files that import "C", which the go command hands to the analysis
// only as cgo's generated code (with CGO_ENABLED=1; with 0, not at
// all), and kafix does not fix generated code; and files that build
// only with build tags that the run was not given (integration tests,
// say). The summary names both, with what to do (not an error).

// noteHiddenFiles records, for the summary, the files of pkgs with
// socket code that use cgo or build only with tags the run lacks.
func (r *runner) noteHiddenFiles(pkgs []*packages.Package) {
	if r.opts.FactRoots == nil {
		return
	}
	for _, p := range pkgs {
		for _, name := range p.GoFiles {
			if !slices.Contains(p.CompiledGoFiles, name) {
				r.noteHidden(name) // processed by cgo
			}
		}
		for _, name := range p.IgnoredFiles {
			r.noteHidden(name)
		}
	}
}

// noteHidden records name if it is a file with socket code that
// imports "C", or that this system builds given the tags that its
// build constraint names. A file named already for building only on
// other systems is not named again.
func (r *runner) noteHidden(name string) {
	if !strings.HasSuffix(name, ".go") || r.summary.cgoFiles[name] || r.summary.taggedFiles[name] != nil || r.summary.otherSystems[name] != nil {
		return
	}
	f := r.socketFile(name)
	if f == nil {
		return
	}
	if slices.ContainsFunc(f.Imports, func(spec *ast.ImportSpec) bool { return spec.Path.Value == `"C"` }) {
		if r.summary.cgoFiles == nil {
			r.summary.cgoFiles = make(map[string]bool)
		}
		r.summary.cgoFiles[name] = true
		return
	}
	if tags := missingTags(name, f); tags != nil {
		if r.summary.taggedFiles == nil {
			r.summary.taggedFiles = make(map[string][]string)
		}
		r.summary.taggedFiles[name] = tags
	}
}

// missingTags returns the fewest build tags of the file name, parsed
// as f, that make this system (GOOS and GOARCH as the go command reads
// them) build it, or nil if there are none: it has no build
// constraint, its constraint says ignore (a program run by go
// generate, never built), or it is left out for its system,
// architecture or Go version whatever the tags.
func missingTags(name string, f *ast.File) []string {
	var tags []string
	for _, group := range f.Comments {
		if group.Pos() >= f.Package {
			break
		}
		for _, c := range group.List {
			if !constraint.IsGoBuild(c.Text) && !constraint.IsPlusBuild(c.Text) {
				continue
			}
			expr, err := constraint.Parse(c.Text)
			if err != nil {
				return nil
			}
			expr.Eval(func(tag string) bool {
				if !isReservedTag(tag) && !slices.Contains(tags, tag) {
					tags = append(tags, tag)
				}
				return false
			})
		}
	}
	if len(tags) == 0 || len(tags) > maxTagsTried || slices.Contains(tags, "ignore") {
		return nil
	}
	slices.Sort(tags)
	// The smallest set of the tags with which this system builds the
	// file: integration && !short needs integration alone.
	dir, base := splitPath(name)
	var best []string
	for set := 1; set < 1<<len(tags); set++ {
		var given []string
		for i, tag := range tags {
			if set&(1<<i) != 0 {
				given = append(given, tag)
			}
		}
		if best != nil && len(given) >= len(best) {
			continue
		}
		ctxt := build.Default
		ctxt.BuildTags = append(slices.Clone(ctxt.BuildTags), given...)
		if ok, err := ctxt.MatchFile(dir, base); err == nil && ok {
			best = given
		}
	}
	return best
}

// maxTagsTried bounds the tags of a file whose sets missingTags tries.
const maxTagsTried = 8

// splitPath splits name into its directory and base name.
func splitPath(name string) (dir, base string) {
	i := strings.LastIndexAny(name, `/\`)
	return name[:i+1], name[i+1:]
}

// isReservedTag reports whether tag is one that the go command sets
// itself, not one that -tags gives: a system, an architecture, a Go
// version, a compiler, cgo or unix.
func isReservedTag(tag string) bool {
	return knownOS[tag] || knownArch[tag] || strings.HasPrefix(tag, "go1.") ||
		tag == "unix" || tag == "cgo" || tag == "gc" || tag == "gccgo" || strings.HasPrefix(tag, "goexperiment.")
}

// knownOS and knownArch are go/build's lists of systems and
// architectures, whose names are tags of their own.
var (
	knownOS = setOf("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js",
		"linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos")
	knownArch = setOf("386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64",
		"mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le",
		"riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm")
)

func setOf(names ...string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, name := range names {
		set[name] = true
	}
	return set
}

// hiddenFilesLines are the summary's lines about the files that use
// cgo and those that build only with tags, "" if there are none.
func (s *summary) hiddenFilesLines(display func(string) string) string {
	var b strings.Builder
	if len(s.cgoFiles) > 0 {
		names := sortedKeys(s.cgoFiles)
		fmt.Fprintf(&b, "kafix: not analyzed, %s with socket code that %s cgo (import \"C\"), which kafix does not fix: %s; fix %s connections by hand\n",
			plural(len(names), "file"), verbFor(len(names), "uses", "use"), nameSome(names, display, nil), verbFor(len(names), "its", "their"))
	}
	if len(s.taggedFiles) > 0 {
		names := sortedKeys(s.taggedFiles)
		var all []string
		for _, name := range names {
			for _, tag := range s.taggedFiles[name] {
				if !slices.Contains(all, tag) {
					all = append(all, tag)
				}
			}
		}
		slices.Sort(all)
		fmt.Fprintf(&b, "kafix: not analyzed, %s with socket code that %s only with build tags: %s; run kafix again with GOFLAGS=-tags=%s for these\n",
			plural(len(names), "file"), verbFor(len(names), "builds", "build"),
			nameSome(names, display, func(name string) string { return strings.Join(s.taggedFiles[name], ", ") }),
			strings.Join(all, ","))
	}
	return b.String()
}

// verbFor is one if n is 1, else many.
func verbFor(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// nameSome lists the first maxOtherSystemsNamed of names, with what
// note says of each in parentheses, and counts the rest.
func nameSome(names []string, display, note func(string) string) string {
	var out []string
	for _, name := range names[:min(len(names), maxOtherSystemsNamed)] {
		if note != nil {
			out = append(out, fmt.Sprintf("%s (%s)", display(name), note(name)))
		} else {
			out = append(out, display(name))
		}
	}
	if more := len(names) - len(out); more > 0 {
		out = append(out, fmt.Sprintf("and %d more", more))
	}
	return strings.Join(out, ", ")
}
