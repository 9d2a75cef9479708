package migrate

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"
)

func (r *runner) printText(findings []*finding) {
	for _, f := range findings {
		posn := f.posn
		posn.Filename = r.display(posn.Filename)
		fmt.Fprintf(r.opts.Stdout, "%s: %s\n", posn, f.diag.Message)
	}
}

// jsonFinding is one line of -json output.
type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Package  string `json:"package"`
	Category string `json:"category"`
	Message  string `json:"message"`
}

func (r *runner) printJSON(findings []*finding) {
	out := make([]jsonFinding, 0, len(findings))
	for _, f := range findings {
		out = append(out, jsonFinding{
			File: f.posn.Filename, Line: f.posn.Line, Column: f.posn.Column,
			Package: f.pkg.PkgPath, Category: f.diag.Category, Message: f.diag.Message,
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
