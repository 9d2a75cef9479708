package fixer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"github.com/dave/dst"
	"golang.org/x/tools/go/ast/astutil"
)

// tls.Listen refuses, before it listens, a config that gives no
// certificate: nil, or one with none of Certificates, GetCertificate
// and GetConfigForClient. The fix listens through a ListenConfig and
// wraps the listener with tls.NewListener, which checks nothing, so it
// keeps the refusal itself, in front of the Listen, with tls.Listen's
// own condition and message, handled as the code handled tls.Listen's
// error:
//
//	// tls.Listen's check, which tls.NewListener does not make
//	if cfg == nil || len(cfg.Certificates) == 0 && cfg.GetCertificate == nil && cfg.GetConfigForClient == nil {
//		err := errors.New("tls: neither Certificates, GetCertificate, nor GetConfigForClient set in Config")
//		return nil, fmt.Errorf("listen: %w", err)
//	}
//
// Why a check rather than no fix: the config usually comes from a
// field or a parameter (a server's TLSConfig), which nothing proves
// non-nil, so refusing would leave most sites unfixed; the check is
// tls.Listen's own, which a maintainer can compare with it, and drop
// where they know better. A &tls.Config{...} literal that names a
// certificate source needs no check, and gets none.

// noCertificateError is the message of tls.Listen's refusal
// (crypto/tls, Listen).
const noCertificateError = "tls: neither Certificates, GetCertificate, nor GetConfigForClient set in Config"

// refusalComment says where the check comes from.
const refusalComment = "// tls.Listen's check, which tls.NewListener does not make"

// certificateCheck returns the statements that refuse cfg as tls.Listen
// did, to go before the call's statement, and that statement's index in
// chk's list; no statements where the config has a certificate source
// whatever happens. orig is the call, cfg its config's twin.
func (f *fixCtx) certificateCheck(orig *ast.CallExpr, chk *errCheck, cfg dst.Expr) ([]dst.Stmt, int, error) {
	origCfg := orig.Args[2]
	if hasCertificateSource(f.site.Info, origCfg) {
		return nil, -1, nil
	}
	if !plainTarget(origCfg) {
		return nil, -1, fmt.Errorf("assign the tls.Config to a variable first")
	}
	if chk.errName == "" {
		return nil, -1, fmt.Errorf("check tls.Listen's error")
	}
	at, err := f.callStmtIndex(orig, chk)
	if err != nil {
		return nil, -1, err
	}
	refusal := &dst.CallExpr{Fun: f.qualified("errors", "New"), Args: []dst.Expr{&dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(noCertificateError)}}}
	var body []dst.Stmt
	switch {
	case chk.helper != nil:
		if chk.helper.goesOn {
			return nil, -1, fmt.Errorf("stop on tls.Listen's error (return in its check)")
		}
		stmt := dst.Clone(chk.helper.stmt).(*dst.ExprStmt)
		stripComments(stmt)
		stmt.X.(*dst.CallExpr).Args[chk.helper.arg] = refusal
		body = []dst.Stmt{stmt}
	default:
		b := dst.Clone(chk.check.Body).(*dst.BlockStmt)
		stripComments(b)
		if check := f.typedCheck(orig, chk); check == nil || !leavesBlock(f.site.Info, check.Body) {
			return nil, -1, fmt.Errorf("return in tls.Listen's error check")
		}
		if chk.result != nil && uses(b, chk.result.Name) {
			return nil, -1, fmt.Errorf("check tls.Listen's error without using the listener")
		}
		body = b.List
		switch {
		case chk.bareReturn:
			// The bare return returns the results that tls.Listen's
			// failure assigned.
			lhs := []dst.Expr{dst.NewIdent(chk.errName)}
			rhs := []dst.Expr{refusal}
			if chk.result != nil && f.namedResult(f.pathTo(orig), f.site.Info.ObjectOf(chk.result)) {
				lhs = append([]dst.Expr{dst.NewIdent(chk.result.Name)}, lhs...)
				rhs = append([]dst.Expr{dst.NewIdent("nil")}, rhs...)
			}
			body = append([]dst.Stmt{&dst.AssignStmt{Lhs: lhs, Tok: token.ASSIGN, Rhs: rhs}}, body...)
		case uses(b, chk.errName):
			body = append([]dst.Stmt{&dst.AssignStmt{Lhs: []dst.Expr{dst.NewIdent(chk.errName)}, Tok: token.DEFINE, Rhs: []dst.Expr{refusal}}}, body...)
		}
	}
	for _, s := range body {
		s.Decorations().Before, s.Decorations().After = dst.NewLine, dst.NewLine
	}
	field := func(name string) dst.Expr {
		return &dst.SelectorExpr{X: dst.Clone(cfg).(dst.Expr), Sel: dst.NewIdent(name)}
	}
	isNil := func(x dst.Expr) dst.Expr { return &dst.BinaryExpr{X: x, Op: token.EQL, Y: dst.NewIdent("nil")} }
	noCertificates := &dst.BinaryExpr{
		X:  &dst.CallExpr{Fun: dst.NewIdent("len"), Args: []dst.Expr{field("Certificates")}},
		Op: token.EQL,
		Y:  &dst.BasicLit{Kind: token.INT, Value: "0"},
	}
	cond := &dst.BinaryExpr{
		X:  isNil(dst.Clone(cfg).(dst.Expr)),
		Op: token.LOR,
		Y: &dst.BinaryExpr{
			X:  &dst.BinaryExpr{X: noCertificates, Op: token.LAND, Y: isNil(field("GetCertificate"))},
			Op: token.LAND,
			Y:  isNil(field("GetConfigForClient")),
		},
	}
	check := &dst.IfStmt{Cond: cond, Body: &dst.BlockStmt{List: body}}
	check.Decs.Before, check.Decs.After = dst.NewLine, dst.NewLine
	check.Decs.Start.Append(refusalComment)
	return []dst.Stmt{check}, at, nil
}

// hasCertificateSource reports whether cfg is a &tls.Config{...}
// literal that tls.Listen accepts whatever happens at run time: a
// Certificates literal with an element, or a GetCertificate or
// GetConfigForClient that is a function literal or a declared
// function.
func hasCertificateSource(info *types.Info, cfg ast.Expr) bool {
	u, ok := ast.Unparen(cfg).(*ast.UnaryExpr)
	if !ok || u.Op != token.AND {
		return false
	}
	lit, ok := ast.Unparen(u.X).(*ast.CompositeLit)
	if !ok {
		return false
	}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, _ := kv.Key.(*ast.Ident)
		if key == nil {
			continue
		}
		switch v := ast.Unparen(kv.Value).(type) {
		case *ast.CompositeLit:
			if key.Name == "Certificates" && len(v.Elts) > 0 {
				return true
			}
		case *ast.FuncLit:
			if key.Name == "GetCertificate" || key.Name == "GetConfigForClient" {
				return true
			}
		case *ast.Ident, *ast.SelectorExpr:
			if key.Name == "GetCertificate" || key.Name == "GetConfigForClient" {
				if _, isFunc := info.ObjectOf(IdentOf(v)).(*types.Func); isFunc {
					return true
				}
			}
		}
	}
	return false
}

// callStmt is the statement that holds the call orig and the
// statement list it is in, typed syntax; nil if none.
func (f *fixCtx) callStmt(orig *ast.CallExpr) ([]ast.Stmt, int) {
	path := f.pathTo(orig)
	for k := range path {
		if list, at := stmtList(path, k); at >= 0 {
			return list, at
		}
	}
	return nil, -1
}

// callStmtIndex is the index in chk's list of the statement that holds
// the call orig.
func (f *fixCtx) callStmtIndex(orig *ast.CallExpr, chk *errCheck) (int, error) {
	if list, at := f.callStmt(orig); at >= 0 {
		twin, err := f.ed.twin(list[at])
		if err != nil {
			return -1, err
		}
		for i, s := range *chk.list {
			if s == twin {
				return i, nil
			}
		}
	}
	return -1, fmt.Errorf("cannot find the statement of tls.Listen next to its error check")
}

// typedCheck is chk's if statement in the typed syntax, which follows
// the call's statement or is it; nil if none.
func (f *fixCtx) typedCheck(orig *ast.CallExpr, chk *errCheck) *ast.IfStmt {
	list, at := f.callStmt(orig)
	for _, s := range list[max(at, 0):] {
		if twin, err := f.ed.twin(s); err == nil && twin == chk.check {
			check, _ := s.(*ast.IfStmt)
			return check
		}
	}
	return nil
}

// pathTo is the path of syntax from the file to n.
func (f *fixCtx) pathTo(n ast.Node) []ast.Node {
	path, _ := astutil.PathEnclosingInterval(f.site.File, n.Pos(), n.End())
	return path
}

// uses reports whether name appears as an identifier in n.
func uses(n dst.Node, name string) bool {
	found := false
	dst.Inspect(n, func(m dst.Node) bool {
		switch m := m.(type) {
		case *dst.Ident:
			found = found || m.Name == name
		case *dst.SelectorExpr:
			// x.name is a field or method, not the variable.
			found = found || uses(m.X, name)
			return false
		}
		return !found
	})
	return found
}
