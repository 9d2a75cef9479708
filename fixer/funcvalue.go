package fixer

import (
	"fmt"

	"github.com/dave/dst"
)

// funcValue: a function value of net or crypto/tls becomes one of the
// same signature that dials or listens through a configured Dialer or
// ListenConfig:
//
//	net.Dial        (&net.Dialer{...}).Dial
//	net.DialTimeout func(network, address string, timeout time.Duration) (net.Conn, error) {
//	                	return (&net.Dialer{Timeout: timeout, ...}).Dial(network, address)
//	                }
//	net.Listen      func(network, address string) (net.Listener, error) {
//	                	return (&net.ListenConfig{...}).Listen(context.Background(), network, address)
//	                }
//	tls.Dial        func(network, addr string, config *tls.Config) (*tls.Conn, error) {
//	                	return tls.DialWithDialer(&net.Dialer{...}, network, addr, config)
//	                }
func (f *fixCtx) funcValue() error {
	old, err := f.ed.twin(f.site.Node)
	if err != nil {
		return err
	}
	id := dst.NewIdent
	param := func(typ dst.Expr, names ...string) *dst.Field {
		field := &dst.Field{Type: typ}
		for _, n := range names {
			field.Names = append(field.Names, id(n))
		}
		return field
	}
	fn := func(params []*dst.Field, results []dst.Expr, body dst.Expr) dst.Expr {
		var res []*dst.Field
		for _, r := range results {
			res = append(res, &dst.Field{Type: r})
		}
		ret := &dst.ReturnStmt{Results: []dst.Expr{body}}
		ret.Decs.Before, ret.Decs.After = dst.NewLine, dst.NewLine
		return &dst.FuncLit{
			Type: &dst.FuncType{Params: &dst.FieldList{List: params}, Results: &dst.FieldList{List: res}},
			Body: &dst.BlockStmt{List: []dst.Stmt{ret}},
		}
	}
	call := func(recv dst.Expr, method string, args ...dst.Expr) dst.Expr {
		return &dst.CallExpr{Fun: &dst.SelectorExpr{X: &dst.ParenExpr{X: recv}, Sel: id(method)}, Args: args}
	}
	str := id("string")
	var repl dst.Expr
	switch f.site.Field {
	case "Dial":
		dialer, err := f.configLiteral("Dialer")
		if err != nil {
			return err
		}
		repl = &dst.SelectorExpr{X: &dst.ParenExpr{X: dialer}, Sel: id("Dial")}
	case "DialTimeout":
		dialer, err := f.configLiteral("Dialer", keyValue("Timeout", id("timeout")))
		if err != nil {
			return err
		}
		repl = fn([]*dst.Field{param(str, "network", "address"), param(f.qualified("time", "Duration"), "timeout")},
			[]dst.Expr{f.qualified("net", "Conn"), id("error")},
			call(dialer, "Dial", id("network"), id("address")))
	case "Listen":
		lc, err := f.configLiteral("ListenConfig")
		if err != nil {
			return err
		}
		repl = fn([]*dst.Field{param(str, "network", "address")},
			[]dst.Expr{f.qualified("net", "Listener"), id("error")},
			call(lc, "Listen", &dst.CallExpr{Fun: f.qualified("context", "Background")}, id("network"), id("address")))
	case "tls.Dial":
		dialer, err := f.configLiteral("Dialer")
		if err != nil {
			return err
		}
		repl = fn([]*dst.Field{param(str, "network", "addr"), param(&dst.StarExpr{X: f.qualified("crypto/tls", "Config")}, "config")},
			[]dst.Expr{&dst.StarExpr{X: f.qualified("crypto/tls", "Conn")}, id("error")},
			&dst.CallExpr{Fun: f.qualified("crypto/tls", "DialWithDialer"), Args: []dst.Expr{dialer, id("network"), id("addr"), id("config")}})
	default:
		return fmt.Errorf("no fix for %s as a function value", f.site.Field)
	}
	*repl.Decorations() = *old.Decorations()
	return f.replace(old, repl)
}
