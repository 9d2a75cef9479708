package fixer_test

import (
	"fmt"
	"go/ast"
	"strings"
	"testing"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/fixer"
)

// TestOddInputsGetNoFix runs the analyzer, with its fixer, on inputs
// whose syntax holds what only code that does not type-check (or a
// rare well-typed shape) holds. Each gives no panic, and either no
// diagnostic or one that says why it has no automatic fix.
func TestOddInputsGetNoFix(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      string // in the message of the one diagnostic; "" for none
	}{{
		// FuzzFix's reproducer of a panic in configLit (issue 16).
		name: "key that is not a field name",
		src:  "package A\nimport(\"net\")\nfunc A(){net.Dialer{!A0000000:00}}",
		want: "no automatic fix: the literal has a field key that is not a name",
	}, {
		name: "parenthesised key",
		src:  "package A\nimport(\"net\")\nfunc A() (net.Conn, error) { d := net.Dialer{(Timeout): 1}; return d.Dial(\"tcp\", \"x\") }",
		want: "no automatic fix: the literal has a field key that is not a name",
	}, {
		// Well-typed: the unkeyed NetDialer is nil.
		name: "unkeyed tls.Dialer",
		src:  "package A\nimport(\"crypto/tls\";\"net\")\nfunc A() (net.Conn, error) { d := tls.Dialer{nil, nil}; return d.Dial(\"tcp\", \"x\") }",
		want: "no automatic fix: key the literal's fields (Field: value)",
	}, {
		// The fix would put &net.Dialer{...} in the call's place.
		name: "deferred new",
		src:  "package A\nimport(\"net\")\nfunc A(){ defer new(net.Dialer) }",
		want: "no automatic fix: go and defer take only a call",
	}, {
		name: "go new",
		src:  "package A\nimport(\"net\")\nfunc A(){ go new(net.ListenConfig) }",
		want: "no automatic fix: go and defer take only a call",
	}, {
		name: "DialTCP without its arguments",
		src:  "package A\nimport(\"net\")\nfunc A(){ c, err := net.DialTCP(\"tcp\", nil); if err != nil { return }; _ = c }",
	}, {
		name: "DialTimeout without its timeout",
		src:  "package A\nimport(\"net\")\nfunc A() (net.Conn, error) { return net.DialTimeout(\"tcp\", \"x\") }",
		want: "no automatic fix: DialTimeout with 2 arguments",
	}} {
		t.Run(c.name, func(t *testing.T) {
			in, ok := load([]byte(c.src), "")
			if !ok {
				t.Fatal("does not parse")
			}
			defer in.release()
			diags := in.analyze(t, analyzer.New(analyzer.DefaultConfig()))
			if c.want == "" {
				for _, d := range diags {
					t.Errorf("unexpected diagnostic: %s", d.Message)
				}
				return
			}
			if len(diags) != 1 {
				t.Fatalf("%d diagnostics, want 1: %v", len(diags), diags)
			}
			if d := diags[0]; len(d.SuggestedFixes) != 0 || !strings.Contains(d.Message, c.want) {
				t.Errorf("got %q with %d fixes, want %q and no fix", d.Message, len(d.SuggestedFixes), c.want)
			}
		})
	}
}

// TestTiedFieldsGetAFix checks the other side of tls.Dialer's unkeyed
// fields: an unkeyed NetDialer that is not nil leaves the tls.Dialer
// covered, and only that net.Dialer is a site.
func TestTiedFieldsGetAFix(t *testing.T) {
	src := "package A\nimport(\"crypto/tls\";\"net\")\nfunc A(){ d := tls.Dialer{&net.Dialer{}, nil}; d.Dial(\"tcp\", \"x\") }"
	in, ok := load([]byte(src), "")
	if !ok {
		t.Fatal("does not parse")
	}
	defer in.release()
	diags := in.analyze(t, analyzer.New(analyzer.DefaultConfig()))
	if len(diags) != 1 || !strings.HasPrefix(diags[0].Message, "net.Dialer ") || len(diags[0].SuggestedFixes) != 1 {
		t.Errorf("want one net.Dialer diagnostic with a fix, got %v", diags)
	}
}

// TestFixRefusesMismatchedSites calls Fix, a public function, with
// every kind on nodes of every shape and with source that is not the
// parsed file: each is a fix or an error, never a panic.
func TestFixRefusesMismatchedSites(t *testing.T) {
	src := `package p

import (
	"net"
	"syscall"
)

func f() error {
	var d net.Dialer
	lc := &net.ListenConfig{}
	c, err := net.Dial("tcp", "x")
	if err != nil {
		return err
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return err
	}
	_, _, _, _ = d, lc, c, fd
	return nil
}
`
	in, ok := load([]byte(src), "")
	if !ok || in.typeErr != nil {
		t.Fatalf("the test's source does not load: %v", in.typeErr)
	}
	defer in.release()
	var nodes []ast.Node
	ast.Inspect(in.file, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.CallExpr, *ast.CompositeLit, *ast.ValueSpec, *ast.Ident, *ast.BlockStmt:
			nodes = append(nodes, n)
		}
		return true
	})
	var calls []*ast.CallExpr
	for _, n := range nodes {
		if call, ok := n.(*ast.CallExpr); ok {
			calls = append(calls, call)
		}
	}
	site := func(kind fixer.Kind, node ast.Node) fixer.Site {
		s := fixer.Site{
			Kind: kind, Node: node, Field: "Dialer", SocketPkg: "syscall",
			File: in.file, Fset: in.fset, Src: in.src, Info: in.info, Pkg: in.pkg,
			Policy: fixer.Policy{Idle: 30e9, Interval: 10e9, Count: 5},
		}
		for _, call := range calls {
			s.Conns = append(s.Conns, fixer.Conn{Call: call})
		}
		return s
	}
	fixes := 0
	for kind := fixer.DialCall; kind <= fixer.RawDisable+1; kind++ {
		for _, n := range nodes {
			t.Run(fmt.Sprintf("%d/%T@%d", kind, n, in.posn(n.Pos()).Offset), func(t *testing.T) {
				if _, err := fixer.Fix(site(kind, n)); err == nil {
					fixes++
				}
			})
		}
	}
	if fixes == 0 {
		t.Error("no kind fixed any node: the test checks nothing")
	}

	s := site(fixer.DialCall, calls[0])
	s.Src = s.Src[:len(s.Src)/2]
	if _, err := fixer.Fix(s); err == nil || !strings.Contains(err.Error(), "not the file that was parsed") {
		t.Errorf("Fix with half the source: %v, want an error", err)
	}
	s = site(fixer.ConnCreated, calls[0])
	s.Conns = []fixer.Conn{{}}
	if _, err := fixer.Fix(s); err == nil {
		t.Error("Fix with a connection without its call: no error")
	}
}
