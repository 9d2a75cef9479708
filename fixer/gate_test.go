package fixer

import (
	"go/ast"
	"strings"
	"testing"
)

// TestIdentFromFlag checks the identifiers that -gate-name gives the
// generated flag variable (and, exported, a library's variable).
func TestIdentFromFlag(t *testing.T) {
	for _, c := range []struct {
		flag              string
		unexported, expor string
	}{
		{"tcp-keepalive", "tcpKeepAlive", "TCPKeepAlive"},
		{"keepalive", "keepAlive", "KeepAlive"},
		{"tcp_keepalive_probes", "tcpKeepAliveProbes", "TCPKeepAliveProbes"},
		{"net.ka", "netKA", "NetKA"},
		{"KeepAlive", "keepAlive", "KeepAlive"},
		{"9lives", "gate9lives", "Gate9lives"},
	} {
		if got := identFromFlag(c.flag, false); got != c.unexported {
			t.Errorf("identFromFlag(%q, false) = %q, want %q", c.flag, got, c.unexported)
		}
		if got := identFromFlag(c.flag, true); got != c.expor {
			t.Errorf("identFromFlag(%q, true) = %q, want %q", c.flag, got, c.expor)
		}
	}
}

// TestDocComment checks that the generated doc comments wrap within 72
// columns and end with the //kafix:gate directive that later runs look
// for.
func TestDocComment(t *testing.T) {
	text := strings.Repeat("word ", 40) + "averyveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword end."
	doc := docComment(text)
	lines := strings.Split(strings.TrimSuffix(doc, "\n"), "\n")
	if lines[len(lines)-1] != gateDirective || lines[len(lines)-2] != "//" {
		t.Errorf("doc comment does not end with %q:\n%s", gateDirective, doc)
	}
	var words []string
	for _, l := range lines[:len(lines)-2] {
		if !strings.HasPrefix(l, "// ") {
			t.Errorf("line %q is not a comment line", l)
		}
		if len(l) > 72 && strings.Count(l, " ") > 1 {
			t.Errorf("line of %d columns: %q", len(l), l)
		}
		words = append(words, strings.Fields(strings.TrimPrefix(l, "//"))...)
	}
	if got := strings.Join(words, " "); got != strings.Join(strings.Fields(text), " ") {
		t.Errorf("wrapping lost or changed words:\n%s", got)
	}
}

// TestHasBuildConstraint checks which files the gate declaration
// avoids: those that build only for some systems.
func TestHasBuildConstraint(t *testing.T) {
	for name, want := range map[string]bool{
		"main.go": false, "sock_linux.go": true, "sock_amd64.go": true, "sock_linux_amd64.go": true,
		"linux.go": false, "net_unix.go": false, "conn_windows.go": true,
	} {
		if got := hasBuildConstraint(name, &ast.File{}); got != want {
			t.Errorf("hasBuildConstraint(%q) = %v, want %v", name, got, want)
		}
	}
}
