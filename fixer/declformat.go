package fixer

import (
	"fmt"
	"go/format"
	"strings"
	"sync"
)

// formattedDecls holds formatDecls's results: most packages of a run
// get the same option setter and gate, word for word, and gofmt costs
// as much as the rest of a fix worked out for its description.
var formattedDecls sync.Map // unformatted text -> formatted

// formatDecls gofmts the text of top-level declarations that a fix
// adds; what names them in an error.
func formatDecls(what, text string) (string, error) {
	if out, ok := formattedDecls.Load(text); ok {
		return out.(string), nil
	}
	out, err := format.Source([]byte("package p\n\n" + text))
	if err != nil {
		return "", fmt.Errorf("%s: %v", what, err)
	}
	decls := strings.TrimPrefix(string(out), "package p\n\n")
	formattedDecls.Store(text, decls)
	return decls, nil
}
