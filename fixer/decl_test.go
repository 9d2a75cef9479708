package fixer

import (
	"bytes"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dave/dst/decorator"
)

// TestBeforePrintoutIsDsts checks what newDeclEditor relies on: that
// go/printer prints an unedited declaration exactly as dst does, so
// that the difference between the printouts before and after a fix is
// the fix alone. It prints every top-level declaration of kafix's
// testdata (un-gofmt'd and CRLF files included) and of the standard
// library's socket packages both ways.
func TestBeforePrintoutIsDsts(t *testing.T) {
	roots := []string{"../testdata"}
	for _, dir := range []string{"net", "crypto/tls", "syscall", "internal/poll"} {
		roots = append(roots, filepath.Join(runtime.GOROOT(), "src", dir))
	}
	decls, gofmtd := 0, 0
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return nil // a seed that does not parse has no declarations to edit
			}
			tok := fset.File(f.FileStart)
			for _, decl := range f.Decls {
				_, _, snippet := declSnippet(src, tok, decl)
				sfset := token.NewFileSet()
				syntax, err := parser.ParseFile(sfset, "snippet.go", snippet, parser.ParseComments|parser.SkipObjectResolution)
				if err != nil {
					continue // newDeclEditor refuses these
				}
				var printed bytes.Buffer
				if err := format.Node(&printed, sfset, syntax); err != nil {
					t.Fatalf("%s: %v", fset.Position(decl.Pos()), err)
				}
				file, err := decorator.NewDecorator(sfset).DecorateFile(syntax)
				if err != nil {
					t.Fatalf("%s: %v", fset.Position(decl.Pos()), err)
				}
				var restored bytes.Buffer
				if err := decorator.NewRestorer().Fprint(&restored, file); err != nil {
					t.Fatalf("%s: %v", fset.Position(decl.Pos()), err)
				}
				if !bytes.Equal(printed.Bytes(), restored.Bytes()) {
					t.Errorf("%s: go/printer and dst print the declaration differently:\n--- go/printer\n%s\n--- dst\n%s",
						fset.Position(decl.Pos()), printed.Bytes(), restored.Bytes())
				}
				decls++
				if bytes.Equal(printed.Bytes(), snippet) {
					gofmtd++
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if decls < 5000 || gofmtd == decls {
		t.Fatalf("compared %d declarations, %d of them gofmt'd: the corpus should be large and hold un-gofmt'd ones", decls, gofmtd)
	}
	t.Logf("%d declarations, %d gofmt'd: go/printer and dst agree on all", decls, gofmtd)
}
