package analyzer_test

import (
	"go/ast"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

// fixComment is a testdata comment that says what the fix of the
// diagnostic on its line must say: "// fix `regexp`", before the line's
// "// want" (analysistest reads a comment from its "// want" on).
// A diagnostic's message says what a site does today; its suggested
// fix's message says what the fix sets, which // want cannot check.
var fixComment = regexp.MustCompile("^// fix `([^`]*)`")

// checkFixMessages checks the "// fix" comments of the packages of
// results against the messages of the suggested fixes of the
// diagnostics on their lines, and that every diagnostic, a refusal's
// included, is at most maxMessage characters.
func checkFixMessages(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	for _, r := range results {
		fset := r.Pass.Fset
		fixes := make(map[string][]string) // "file:line" -> fix messages
		for _, d := range r.Diagnostics {
			posn := fset.Position(d.Pos)
			if len(d.Message) > maxMessage {
				t.Errorf("%s: message of %d characters, want at most %d: %s", posn, len(d.Message), maxMessage, d.Message)
			}
			key := posn.Filename + ":" + strconv.Itoa(posn.Line)
			for _, f := range d.SuggestedFixes {
				fixes[key] = append(fixes[key], f.Message)
			}
		}
		for _, file := range r.Pass.Files {
			for _, c := range comments(file) {
				m := fixComment.FindStringSubmatch(c.Text)
				if m == nil {
					continue
				}
				posn := fset.Position(c.Slash)
				re, err := regexp.Compile(m[1])
				if err != nil {
					t.Errorf("%s: %v", posn, err)
					continue
				}
				key := posn.Filename + ":" + strconv.Itoa(posn.Line)
				matched := false
				for _, msg := range fixes[key] {
					matched = matched || re.MatchString(msg)
				}
				if !matched {
					t.Errorf("%s: no fix message matches `%s`; the fixes of the line say:\n\t%s", posn, m[1], strings.Join(fixes[key], "\n\t"))
				}
			}
		}
	}
}

func comments(file *ast.File) []*ast.Comment {
	var out []*ast.Comment
	for _, g := range file.Comments {
		out = append(out, g.List...)
	}
	return out
}
