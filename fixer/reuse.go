package fixer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"time"

	"github.com/dave/dst"
)

// This file finds the package's own keepalive policy: a package-level
// net.KeepAliveConfig variable that turns keepalive on with constant
// timers,
//
//	var keepAlive = net.KeepAliveConfig{Enable: true, Idle: 45 * time.Second, Interval: 15 * time.Second, Count: 4}
//
// A fix in a package that has one names it (KeepAliveConfig:
// keepAlive) and sets its values wherever it sets timers, instead of
// writing a policy of its own next to the project's: one policy per
// package, the project's, which is what its maintainer reviews. Its
// values are read from the declaration, so the description states
// them; a variable that the package assigns anywhere (its values
// would then be known only at run time) is not reused. Gated fixes do
// not reuse it: the gate is their policy.

// A projectPolicy is such a variable and its values.
type projectPolicy struct {
	v              *types.Var
	idle, interval time.Duration
	count          int
}

// projectPolicy returns the package's keepalive policy variable, if it
// has exactly one that the site's file can name, and nil otherwise.
func (f *fixCtx) projectPolicy() *projectPolicy {
	s := f.site
	if s.Package == nil || f.gate().kind != gateNone || !f.newAPI() {
		return nil
	}
	pp := s.Package.projectPolicy(s)
	if pp == nil {
		return nil
	}
	// The name must denote the variable at the site: a local of the
	// same name would hide it.
	if scope := s.Pkg.Scope().Innermost(s.Node.Pos()); scope != nil {
		if _, obj := scope.LookupParent(pp.v.Name(), s.Node.Pos()); obj != pp.v {
			return nil
		}
	}
	return pp
}

// projectPolicy works out the package's policy variable once.
func (p *Package) projectPolicy(s *Site) *projectPolicy {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.policySought {
		p.policySought = true
		p.policy = findProjectPolicy(s)
	}
	return p.policy
}

func findProjectPolicy(s *Site) *projectPolicy {
	var found []*projectPolicy
	for _, file := range s.Package.Files {
		if ast.IsGenerated(file) {
			continue
		}
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if len(vs.Names) != len(vs.Values) {
					continue
				}
				for i, name := range vs.Names {
					if pp := policyValue(s.Info, name, vs.Values[i]); pp != nil {
						found = append(found, pp)
					}
				}
			}
		}
	}
	if len(found) != 1 || assignedAnywhere(s, found[0].v) {
		return nil // none, or several: which one would be the policy?
	}
	return found[0]
}

// policyValue reads name = net.KeepAliveConfig{Enable: true, Idle: ...,
// Interval: ..., Count: ...} with constant, positive whole-second
// timers and a count the kernel takes.
func policyValue(info *types.Info, name *ast.Ident, value ast.Expr) *projectPolicy {
	v, ok := info.Defs[name].(*types.Var)
	if !ok || !IsNamed(v.Type(), "net", "KeepAliveConfig") {
		return nil
	}
	lit, ok := ast.Unparen(value).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	vals := make(map[string]int64)
	enabled := false
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return nil
		}
		key, _ := kv.Key.(*ast.Ident)
		tv := info.Types[kv.Value]
		if key == nil || tv.Value == nil {
			return nil
		}
		switch key.Name {
		case "Enable":
			enabled = tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
		case "Idle", "Interval", "Count":
			n, exact := constant.Int64Val(tv.Value)
			if !exact || n <= 0 {
				return nil
			}
			vals[key.Name] = n
		}
	}
	pp := &projectPolicy{v: v, idle: time.Duration(vals["Idle"]), interval: time.Duration(vals["Interval"]), count: int(vals["Count"])}
	if !enabled || pp.idle%time.Second != 0 || pp.interval%time.Second != 0 || pp.idle == 0 || pp.interval == 0 || pp.count < 1 || pp.count > 127 {
		return nil
	}
	return pp
}

// assignedAnywhere reports whether a file of the package assigns v or
// one of its fields, or takes its address.
func assignedAnywhere(s *Site, v *types.Var) bool {
	refers := func(e ast.Expr) bool {
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.Ident:
				return s.Info.Uses[x] == v
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			default:
				return false
			}
		}
	}
	found := false
	for _, file := range s.Package.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, lhs := range n.Lhs {
					found = found || refers(lhs)
				}
			case *ast.IncDecStmt:
				found = found || refers(n.X)
			case *ast.UnaryExpr:
				found = found || n.Op == token.AND && refers(n.X)
			}
			return !found
		})
	}
	return found
}

// adoptProjectPolicy makes the fix write the package's own policy:
// its variable where a net.KeepAliveConfig goes, its fields where the
// timers go, and their bound as the user timeout where the policy
// follows the timers.
func (f *fixCtx) adoptProjectPolicy() {
	pp := f.projectPolicy()
	if pp == nil {
		return
	}
	f.reuse = pp
	p := &f.site.Policy
	if p.UserTimeout == UserTimeoutAuto {
		p.UserTimeout = pp.idle + pp.interval*time.Duration(pp.count)
	}
	p.Idle, p.Interval, p.Count = pp.idle, pp.interval, pp.count
}

// reusedField is keepAlive.name, a field of the package's policy
// variable, or nil when the fix writes its own values.
func (f *fixCtx) reusedField(name string) dst.Expr {
	if f.reuse == nil {
		return nil
	}
	return &dst.SelectorExpr{X: dst.NewIdent(f.reuse.v.Name()), Sel: dst.NewIdent(name)}
}
