package fixer

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"github.com/dave/dst"
)

// holderLit: a literal of a struct type that holds a net.Dialer or
// net.ListenConfig gains a configured one in each field of Keys:
//
//	defaultDialer{}  becomes  defaultDialer{d: net.Dialer{
//	                          	KeepAliveConfig: ...,
//	                          	Control:         ...,
//	                          }}
//
// The other fields stay as they are; the new ones take their place in
// the struct's order. A literal on one line that has fields already,
// or gains more than one, gets one field a line; a literal written
// over lines gets the new fields on lines of their own.
func (f *fixCtx) holderLit() error {
	orig, lit, err := f.siteLit()
	if err != nil {
		return err
	}
	if len(f.site.Keys) == 0 {
		return fmt.Errorf("no field to key")
	}
	for _, e := range lit.Elts {
		if _, ok := e.(*dst.KeyValueExpr); !ok {
			// Positional literals give every field: no key can join them.
			return fmt.Errorf("key the literal's fields (Field: value)")
		}
	}
	if err := f.keyHolderFields(lit, f.site.Info.TypeOf(orig), f.multiline(orig)); err != nil {
		return err
	}
	return nil
}

// keyHolderFields adds to lit, a literal of the struct type t, each
// field of Keys with a configured literal, in the struct's order, as a
// reader of the type expects. multiline says that lit spans lines.
func (f *fixCtx) keyHolderFields(lit *dst.CompositeLit, t types.Type, multiline bool) error {
	had := len(lit.Elts)
	order := fieldOrder(t)
	for _, k := range f.site.Keys {
		addr, err := f.configLiteral(k.Type)
		if err != nil {
			return err
		}
		kv := keyValue(k.Name, addr.(*dst.UnaryExpr).X)
		if multiline {
			kv.Decs.Before, kv.Decs.After = dst.NewLine, dst.NewLine
		}
		i := slices.IndexFunc(lit.Elts, func(e dst.Expr) bool {
			key, ok := e.(*dst.KeyValueExpr).Key.(*dst.Ident)
			return ok && order[key.Name] > order[k.Name]
		})
		if i < 0 {
			i = len(lit.Elts)
		}
		lit.Elts = slices.Insert(lit.Elts, i, dst.Expr(kv))
	}
	if !multiline && (had > 0 || len(f.site.Keys) > 1) {
		onePerLine(lit)
	}
	return nil
}

// declaredLiteral is the literal that a declaration without a value,
// or new, of typ gains: a configured net.Dialer or net.ListenConfig,
// or, for a struct type that holds one (Keys), a literal of that type
// as the source writes it that keys the held one.
func (f *fixCtx) declaredLiteral(typ ast.Expr) (*dst.CompositeLit, error) {
	if f.site.Field == TLSDialer {
		return f.tlsDialerLiteral(typ)
	}
	if len(f.site.Keys) == 0 {
		addr, err := f.configLiteral(f.site.Field)
		if err != nil {
			return nil, err
		}
		return addr.(*dst.UnaryExpr).X.(*dst.CompositeLit), nil
	}
	lit, err := f.literalOf(typ)
	if err != nil {
		return nil, err
	}
	if err := f.keyHolderFields(lit, f.site.Info.TypeOf(typ), false); err != nil {
		return nil, err
	}
	return lit, nil
}

// tlsDialerLiteral is tls.Dialer{NetDialer: &net.Dialer{...}}, with
// the type as the declaration spells it.
func (f *fixCtx) tlsDialerLiteral(typ ast.Expr) (*dst.CompositeLit, error) {
	lit, err := f.literalOf(typ)
	if err != nil {
		return nil, err
	}
	dialer, err := f.configLiteral("Dialer")
	if err != nil {
		return nil, err
	}
	lit.Elts = []dst.Expr{keyValue("NetDialer", dialer)}
	onePerLine(lit)
	return lit, nil
}

// literalOf is an empty composite literal of typ, spelled as in the
// source, without its comments.
func (f *fixCtx) literalOf(typ ast.Expr) (*dst.CompositeLit, error) {
	n, err := f.ed.twin(typ)
	if err != nil {
		return nil, err
	}
	t, ok := dst.Clone(n).(dst.Expr)
	if !ok {
		return nil, fmt.Errorf("the type is not an expression")
	}
	stripComments(t)
	t.Decorations().Before, t.Decorations().After = dst.None, dst.None
	return &dst.CompositeLit{Type: t}, nil
}

// fieldOrder numbers the fields of t's struct in order.
func fieldOrder(t types.Type) map[string]int {
	order := make(map[string]int)
	if t == nil {
		return order
	}
	if st, ok := t.Underlying().(*types.Struct); ok {
		for i := range st.NumFields() {
			order[st.Field(i).Name()] = i
		}
	}
	return order
}
