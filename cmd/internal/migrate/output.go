package migrate

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

func (r *runner) printText(findings []*finding) {
	for _, f := range findings {
		posn := f.posn
		posn.Filename = r.display(posn.Filename)
		fmt.Fprintf(r.opts.Stdout, "%s: %s\n", posn, f.diag.Message)
	}
}

// jsonFinding is one element of -json output: where the site starts
// and ends, the diagnostic's message (the words every driver prints),
// and the message of its fix, which says what the fix sets ("" when
// the message says why there is no automatic fix).
type jsonFinding struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Package   string `json:"package"`
	Category  string `json:"category"`
	Message   string `json:"message"`
	Fix       string `json:"fix,omitempty"`
	URL       string `json:"url,omitempty"`
	Test      bool   `json:"test"` // the site is in a _test.go file
}

func (r *runner) printJSON(findings []*finding) {
	out := make([]jsonFinding, 0, len(findings))
	for _, f := range findings {
		end := f.fset.Position(f.diag.End)
		out = append(out, jsonFinding{
			File: f.posn.Filename, Line: f.posn.Line, Column: f.posn.Column,
			EndLine: end.Line, EndColumn: end.Column,
			Package: f.pkg.PkgPath, Category: f.diag.Category, Message: f.diag.Message,
			Fix: f.fix, URL: f.diag.URL, Test: strings.HasSuffix(f.posn.Filename, "_test.go"),
		})
	}
	enc := json.NewEncoder(r.opts.Stdout)
	enc.SetIndent("", "\t")
	enc.Encode(out)
}

func (r *runner) progress(format string, args ...any) {
	if r.opts.Verbose {
		r.outMu.Lock()
		defer r.outMu.Unlock()
		fmt.Fprintf(r.opts.Stderr, "kafix: %6.2fs "+format+"\n", append([]any{time.Since(r.start).Seconds()}, args...)...)
	}
}

// display shortens a file name (or a position, file:line:col) for
// people: relative to the directory kafix runs in (Options.Dir, or
// the current directory) when the file is below it.
func (r *runner) display(name string) string {
	if r.base == "" || !filepath.IsAbs(name) {
		return name
	}
	if rel, err := filepath.Rel(r.base, name); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return name
}
