package fixer

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/kafix/kafix/fixer/textedit"
)

// imports decides how a fix refers to the packages it uses, and which
// imports it must add. Names come from the file's real imports, never
// from the spelling of a path (kafka-go, yaml.v3 and .../v2 do not end
// in their package's name), and a name hidden at the site by a local
// variable (time := ..., net := ...) is not used.
type imports struct {
	site *Site
	at   token.Pos
	add  map[string]string // path -> name of the import to add ("" for the package's own name)
	used map[string]string // path -> name chosen
	// extra are further (name, path) imports to add: a path that two
	// parts of a fix import under different names.
	extra [][2]string
}

func newImports(s *Site, at token.Pos) *imports {
	return &imports{site: s, at: at, add: make(map[string]string), used: make(map[string]string)}
}

// name returns the qualifier for the package at importPath: "" for a
// dot import, else a name that refers to it at the site.
func (im *imports) name(importPath string) string {
	if n, ok := im.used[importPath]; ok {
		return n
	}
	n := im.resolve(importPath)
	im.used[importPath] = n
	return n
}

func (im *imports) resolve(importPath string) string {
	s := im.site
	if s.Pkg != nil && s.Pkg.Path() == importPath {
		return "" // the site is in that very package (net itself)
	}
	scope := im.scope()
	for _, spec := range s.File.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil || p != importPath {
			continue
		}
		pkgName, ok := s.Info.Defs[spec.Name].(*types.PkgName)
		if spec.Name == nil {
			pkgName, ok = s.Info.Implicits[spec].(*types.PkgName)
		}
		if !ok {
			continue
		}
		switch pkgName.Name() {
		case "_":
			continue
		case ".":
			return ""
		}
		if _, obj := scope.LookupParent(pkgName.Name(), im.at); obj == pkgName {
			return pkgName.Name()
		}
	}

	// Import it under its own name, or a free one if that is taken.
	own := path.Base(importPath)
	name := freshName(own, importPrefix, func(candidate string) bool {
		_, obj := scope.LookupParent(candidate, im.at)
		return obj != nil || im.taken(candidate)
	})
	if name == own {
		im.add[importPath] = ""
	} else {
		im.add[importPath] = name
	}
	return name
}

// importPrefix starts the name a fix imports a package under when the
// package's own name is taken: stdtime "time".
const importPrefix = "std"

// taken reports whether an import of the file already uses name.
func (im *imports) taken(name string) bool {
	for _, spec := range im.site.File.Imports {
		if spec.Name != nil && spec.Name.Name == name {
			return true
		}
		if obj, ok := im.site.Info.Implicits[spec].(*types.PkgName); ok && obj.Name() == name {
			return true
		}
	}
	for _, n := range im.add {
		if n == name {
			return true
		}
	}
	return false
}

// include adds the imports that other, for the same file, asked for.
// A path that both add under different names is imported under both.
func (im *imports) include(other *imports) {
	for p, n := range other.add {
		if mine, ok := im.add[p]; ok && mine != n {
			im.extra = append(im.extra, [2]string{n, p})
			continue
		}
		im.add[p] = n
	}
}

// scope is the innermost scope at the site.
func (im *imports) scope() *types.Scope {
	if sc := im.site.Pkg.Scope().Innermost(im.at); sc != nil {
		return sc
	}
	return im.site.Info.Scopes[im.site.File]
}

// edits adds the imports that name asked for, with astutil, as small
// edits of the import section.
func (im *imports) edits() ([]analysis.TextEdit, error) {
	if len(im.add) == 0 && len(im.extra) == 0 {
		return nil, nil
	}
	s := im.site
	src := bytes.ReplaceAll(s.Src, []byte("\r\n"), []byte("\n"))
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "imports.go", src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	// Only the lines through the import section may change.
	last := f.Name.End()
	for _, d := range f.Decls {
		last = max(last, d.End())
	}
	lines := bytes.Count(src[:fset.Position(last).Offset], []byte("\n")) + 1
	f.Comments = slices.DeleteFunc(f.Comments, func(c *ast.CommentGroup) bool { return c.Pos() > last })
	before, err := formatFile(fset, f)
	if err != nil {
		return nil, err
	}
	bare := bareImportDecls(f)
	paths := make([]string, 0, len(im.add))
	for p := range im.add {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		astutil.AddNamedImport(fset, f, im.add[p], p)
	}
	for _, np := range im.extra {
		astutil.AddNamedImport(fset, f, np[0], np[1])
	}
	after, err := formatFile(fset, f)
	if err != nil {
		return nil, err
	}

	tok := s.Fset.File(s.File.FileStart)
	end := 0
	for i := 0; i < lines && end < len(s.Src); i++ {
		end = lineEndAfter(s.Src, end)
	}
	tes := regionEdits(s.Src, 0, end, before, after)
	if bare > bareImportDecls(f) {
		tes = oneEdit(s.Src, tes)
	}
	var out []analysis.TextEdit
	for _, te := range tes {
		out = append(out, analysis.TextEdit{Pos: tok.Pos(te.Start), End: tok.Pos(te.End), NewText: []byte(te.Text)})
	}
	return out, nil
}

func formatFile(fset *token.FileSet, f *ast.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, err
	}
	out := buf.Bytes()
	if !bytes.HasSuffix(out, []byte("\n")) {
		out = append(out, '\n')
	}
	return out, nil
}

// bareImportDecls counts f's import declarations without parentheses.
func bareImportDecls(f *ast.File) int {
	n := 0
	for _, d := range f.Decls {
		if d, ok := d.(*ast.GenDecl); ok && d.Tok == token.IMPORT && !d.Lparen.IsValid() {
			n++
		}
	}
	return n
}

// oneEdit joins edits, in order and apart, into one edit that spans
// them all.
//
// An import on one line (import "net") that gains a second import
// becomes a block: "(" before it and the new paths and ")" after it.
// Two fixes of one file that add different paths would, as separate
// edits, insert two different texts at the same offsets, and drivers
// that merge fixes by their edits (go fix, golangci-lint --fix) would
// keep both and write "((". As one edit over the same span, such fixes
// overlap: go fix then applies none of the package's fixes,
// golangci-lint none of the file's, and kafix's migration takes the
// second in a second pass. Fixes that add the same paths still carry
// identical edits, which merge.
func oneEdit(src []byte, edits []textedit.Edit) []textedit.Edit {
	if len(edits) < 2 {
		return edits
	}
	var text strings.Builder
	for i, e := range edits {
		if i > 0 {
			text.Write(src[edits[i-1].End:e.Start])
		}
		text.WriteString(e.Text)
	}
	return []textedit.Edit{{Start: edits[0].Start, End: edits[len(edits)-1].End, Text: text.String()}}
}
