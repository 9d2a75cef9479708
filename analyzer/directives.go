package analyzer

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The directives that silence sites, which kafix then neither reports
// nor fixes. Each needs a reason, which is what a reviewer reads
// instead of a fix:
//
//	//kafix:ignore <reason>        the site on this line or the next
//	//kafix:file-ignore <reason>   every site in this file
//
// A directive without a reason silences nothing and is reported
// itself, as staticcheck reports its own directives without a reason:
// otherwise a bare directive would look like a decision to whoever
// reads it, while kafix reports, and fixes, the site below it.
const (
	ignoreDirective     = "//kafix:ignore"
	fileIgnoreDirective = "//kafix:file-ignore"
)

// DirectiveCategory is the category of the diagnostics that report a
// directive rather than a site, so that a driver can count them apart.
const DirectiveCategory = "directive"

// fileDirectives are the directives with a reason of one file.
type fileDirectives struct {
	lines map[int]bool // the lines of its //kafix:ignore directives
	whole bool         // it has a //kafix:file-ignore directive
}

// directive splits a comment into the kafix directive it is, if it is
// one, and the directive's reason ("" if it has none).
func directive(comment *ast.Comment) (name, reason string, ok bool) {
	for _, name := range []string{ignoreDirective, fileIgnoreDirective} {
		rest, found := strings.CutPrefix(comment.Text, name)
		// "//kafix:ignored" is not "//kafix:ignore" with a reason.
		if found && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return name, strings.TrimSpace(rest), true
		}
	}
	return "", "", false
}

// directives returns the directives with a reason of file, read once.
func (c *checker) directives(file *ast.File) *fileDirectives {
	if c.ignores == nil {
		c.ignores = make(map[*ast.File]*fileDirectives)
	}
	if d, ok := c.ignores[file]; ok {
		return d
	}
	d := &fileDirectives{lines: make(map[int]bool)}
	for _, group := range file.Comments {
		for _, comment := range group.List {
			name, reason, ok := directive(comment)
			switch {
			case !ok || reason == "":
			case name == fileIgnoreDirective:
				d.whole = true
			default:
				d.lines[c.pass.Fset.Position(comment.Slash).Line] = true
			}
		}
	}
	c.ignores[file] = d
	return d
}

// ignored reports whether a directive with a reason silences the site
// at pos: a //kafix:ignore on its line or the line above it, or a
// //kafix:file-ignore anywhere in its file.
func (c *checker) ignored(file *ast.File, pos token.Pos) bool {
	d := c.directives(file)
	line := c.pass.Fset.Position(pos).Line
	return d.whole || d.lines[line] || d.lines[line-1]
}

// reportDirectivesWithoutReason reports each directive without a
// reason in the files whose sites the pass would report: not in
// generated files, and in _test.go files only with -tests.
func (c *checker) reportDirectivesWithoutReason() {
	for _, file := range c.pass.Files {
		if ast.IsGenerated(file) || !c.cfg.Tests && strings.HasSuffix(c.pass.Fset.File(file.FileStart).Name(), "_test.go") {
			continue
		}
		for _, group := range file.Comments {
			for _, comment := range group.List {
				if name, reason, ok := directive(comment); ok && reason == "" {
					c.pass.Report(analysis.Diagnostic{
						Pos:      comment.Pos(),
						End:      comment.End(),
						Category: DirectiveCategory,
						Message:  name + " without a reason silences nothing: write " + name + " <reason>",
					})
				}
			}
		}
	}
}
