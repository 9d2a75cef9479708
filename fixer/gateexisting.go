package fixer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/tools/go/types/typeutil"
)

// This file finds a gate that the package has already: one that an
// earlier run declared (//kafix:gate), a variable of the generated
// name, or a flag the program registers under the gate's name.

// existingGate finds a declaration that an earlier run generated.
func existingGate(s *Site, files []*ast.File) *gatePlan {
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR || gd.Doc == nil || len(gd.Specs) != 1 {
				continue
			}
			if !slices.ContainsFunc(gd.Doc.List, func(c *ast.Comment) bool { return strings.TrimSpace(c.Text) == gateDirective }) {
				continue
			}
			spec, ok := gd.Specs[0].(*ast.ValueSpec)
			if !ok || len(spec.Names) != 1 {
				continue
			}
			if g := gateOf(s.Info.Defs[spec.Names[0]]); g != nil {
				return g
			}
		}
	}
	return nil
}

// reuseByName returns the package-level variable called name, declared
// in a file of the package's own, as the gate if it can serve as one
// of that kind: a gate an earlier run generated whose //kafix:gate
// line was since deleted, or the user's own.
func reuseByName(s *Site, name string, kind gateKind) *gatePlan {
	obj := s.Pkg.Scope().Lookup(name)
	if obj == nil || !slices.ContainsFunc(ownFiles(s), func(f *ast.File) bool { return f.FileStart <= obj.Pos() && obj.Pos() < f.FileEnd }) {
		return nil
	}
	g := gateOf(obj)
	if g == nil || g.kind != kind {
		return nil
	}
	g.notes = append(g.notes, fmt.Sprintf("switched by the package's existing %s", name))
	return g
}

// gateOf says how inserted code uses obj as a gate, if it can: a
// *bool flag, a bool, or a keepalive configuration (or a function
// returning one) read from the environment.
func gateOf(obj types.Object) *gatePlan {
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() {
		return nil
	}
	t := types.Unalias(v.Type())
	if p, ok := t.(*types.Pointer); ok && isBoolType(p.Elem()) {
		return &gatePlan{kind: gateFlag, name: v.Name()}
	}
	if isBoolType(t) {
		return &gatePlan{kind: gateVar, name: v.Name()}
	}
	if sig, ok := t.Underlying().(*types.Signature); ok && sig.Params().Len() == 0 && sig.Results().Len() == 1 && isKeepAliveShape(sig.Results().At(0).Type()) {
		return &gatePlan{kind: gateEnv, name: v.Name(), call: true}
	}
	if isKeepAliveShape(t) {
		return &gatePlan{kind: gateEnv, name: v.Name()}
	}
	return nil
}

func isBoolType(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// isKeepAliveShape reports whether t is a struct laid out like
// net.KeepAliveConfig: Enable bool; Idle, Interval time.Duration;
// Count int.
func isKeepAliveShape(t types.Type) bool {
	st, ok := t.Underlying().(*types.Struct)
	if !ok || st.NumFields() != 4 {
		return false
	}
	want := []string{"Enable", "Idle", "Interval", "Count"}
	for i, name := range want {
		if st.Field(i).Name() != name {
			return false
		}
	}
	isDuration := func(t types.Type) bool { return IsNamed(t, "time", "Duration") }
	count, ok := st.Field(3).Type().(*types.Basic)
	return isBoolType(st.Field(0).Type()) && isDuration(st.Field(1).Type()) && isDuration(st.Field(2).Type()) && ok && count.Kind() == types.Int
}

// existingFlag finds a flag of the program already registered under
// name. It returns the package-level variable that holds it, or an
// error if the flag is registered in a way that cannot gate.
func existingFlag(s *Site, files []*ast.File, name string) (string, gateKind, error) {
	var (
		found    bool
		varName  string
		varKind  gateKind
		position token.Position
	)
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			fn, ok := typeutil.Callee(s.Info, call).(*types.Func)
			if !ok || fn.Pkg() == nil || Vendorless(fn.Pkg().Path()) != "flag" {
				return true
			}
			nameArg := 0
			if strings.HasSuffix(fn.Name(), "Var") || fn.Name() == "Func" || fn.Name() == "BoolFunc" || fn.Name() == "TextVar" {
				nameArg = 1
				if fn.Name() == "Func" || fn.Name() == "BoolFunc" {
					nameArg = 0
				}
			}
			if len(call.Args) <= nameArg {
				return true
			}
			if tv, ok := s.Info.Types[call.Args[nameArg]]; !ok || tv.Value == nil || tv.Value.String() != strconv.Quote(name) {
				return true
			}
			found = true
			position = s.Fset.Position(call.Pos())
			switch fn.Name() {
			case "Bool":
				// var x = flag.Bool(name, ...) at package level
				for _, d := range f.Decls {
					gd, ok := d.(*ast.GenDecl)
					if !ok || gd.Tok != token.VAR {
						continue
					}
					for _, spec := range gd.Specs {
						vs, ok := spec.(*ast.ValueSpec)
						if ok && len(vs.Names) == 1 && len(vs.Values) == 1 && ast.Unparen(vs.Values[0]) == call {
							varName, varKind = vs.Names[0].Name, gateFlag
						}
					}
				}
			case "BoolVar":
				if u, ok := ast.Unparen(call.Args[0]).(*ast.UnaryExpr); ok && u.Op == token.AND {
					if g := gateOf(s.Info.Uses[IdentOf(u.X)]); g != nil && g.kind == gateVar {
						varName, varKind = g.name, gateVar
					}
				}
			}
			return false
		})
	}
	if found && varName == "" {
		return "", 0, fmt.Errorf("-%s is taken at %s:%d: choose another -gate-name", name, filepath.Base(position.Filename), position.Line)
	}
	return varName, varKind, nil
}

// identFromFlag turns a flag name into a Go identifier:
// tcp-keepalive gives tcpKeepAlive, or TCPKeepAlive exported.
func identFromFlag(flagName string, exported bool) string {
	words := strings.FieldsFunc(flagName, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var b strings.Builder
	for i, w := range words {
		lw := strings.ToLower(w)
		switch {
		case lw == "keepalive":
			w = "KeepAlive"
		case lw == "tcp" || lw == "ka" || lw == "ip":
			w = strings.ToUpper(w)
		default:
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		if i == 0 && !exported {
			switch {
			case strings.ToUpper(w) == w:
				w = strings.ToLower(w)
			default:
				w = strings.ToLower(w[:1]) + w[1:]
			}
		}
		b.WriteString(w)
	}
	id := b.String()
	if id == "" || !unicode.IsLetter(rune(id[0])) {
		if exported {
			id = "Gate" + id
		} else {
			id = "gate" + id
		}
	}
	return id
}
