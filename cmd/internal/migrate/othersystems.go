package migrate

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/kafix/kafix/fixer"
)

// A run sees the files that build for its own GOOS: a conn_windows.go
// holds sites that a run on Linux never analyzes, and its summary
// would read as if the package were done. The files of the named
// packages that the build left out, import a socket package and build
// only for other systems are named in the summary, with the GOOS to
// run with (not an error: the run did what it could).

// noteOtherSystems records, for the summary, the ignored files of pkgs
// that refer to sockets and build only for other systems.
func (r *runner) noteOtherSystems(pkgs []*packages.Package) {
	if r.opts.FactRoots == nil {
		return
	}
	goos := build.Default.GOOS // GOOS from the environment, as the go command reads it
	for _, p := range pkgs {
		for _, name := range p.IgnoredFiles {
			if !strings.HasSuffix(name, ".go") || r.summary.otherSystems[name] != nil {
				continue
			}
			f := r.socketFile(name)
			if f == nil {
				continue
			}
			systems := fixer.BuildsFor(name, f)
			if len(systems) == 0 || slices.Contains(systems, goos) {
				continue // every system (left out for an architecture or a tag), or none
			}
			if r.summary.otherSystems == nil {
				r.summary.otherSystems = make(map[string][]string)
			}
			r.summary.otherSystems[name] = systems
		}
	}
}

// socketFile parses the imports and build constraints of the file
// name, a file the build left out, and returns them if it imports a
// socket package (or a package that may reach one: FactRoots); nil if
// it does not, or does not parse.
func (r *runner) socketFile(name string) *ast.File {
	f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly|parser.ParseComments)
	if err != nil || !slices.ContainsFunc(f.Imports, func(spec *ast.ImportSpec) bool {
		path, err := strconv.Unquote(spec.Path.Value)
		return err == nil && r.opts.FactRoots(path)
	}) {
		return nil
	}
	return f
}

// otherSystemsLine is the summary's line about files that build only
// for other systems, "" if there are none.
func (s *summary) otherSystemsLine(display func(string) string) string {
	if len(s.otherSystems) == 0 {
		return ""
	}
	names := sortedKeys(s.otherSystems)
	var files []string
	for _, name := range names[:min(len(names), maxOtherSystemsNamed)] {
		files = append(files, fmt.Sprintf("%s (%s)", display(name), strings.Join(s.otherSystems[name], ", ")))
	}
	if more := len(names) - len(files); more > 0 {
		files = append(files, fmt.Sprintf("and %d more", more))
	}
	verb := "build"
	if len(names) == 1 {
		verb = "builds"
	}
	return fmt.Sprintf("kafix: not analyzed, %s with socket code that %s only for other systems: %s; run kafix again with GOOS set to one of them for these\n",
		plural(len(names), "file"), verb, strings.Join(files, ", "))
}

// maxOtherSystemsNamed bounds the files the line names: a package
// with a file per system (x/sys-like trees) would otherwise fill the
// screen.
const maxOtherSystemsNamed = 5
