// Package noop defines the analyzer of kafixbench's real floor: the
// cheapest analyzer a user would run next to kafix. It declares no
// facts, so the x/tools drivers run it on the named packages only and
// load their dependencies from export data; it requires the inspect
// pass and visits every call, as an analyzer that looks for calls
// does; and it reports nothing.
package noop

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

// Analyzer visits every call of every file and reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:     "noop",
	Doc:      "benchmark floor: visits every call, declares no facts, reports nothing",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

// calls counts the calls visited, so that the visit is not optimized
// away; its value is never used.
var calls int

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	n := 0
	insp.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(ast.Node) { n++ })
	calls += n
	return nil, nil
}
