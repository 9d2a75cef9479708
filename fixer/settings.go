package fixer

import (
	"github.com/dave/dst"
)

// The values and switches that inserted code uses. Under -gate=none
// they are constants of the policy; the gates replace them with reads
// of a generated flag or of libkeepalive's environment variables.

// idleSeconds is the idle time before the first probe, in seconds, as
// an int expression for setsockopt.
func (f *fixCtx) idleSeconds() dst.Expr {
	return intLit(int64(f.site.Policy.Idle.Seconds()))
}

// intervalSeconds is the time between probes, in seconds.
func (f *fixCtx) intervalSeconds() dst.Expr {
	return intLit(int64(f.site.Policy.Interval.Seconds()))
}

// probeCount is the number of unanswered probes before the
// connection is dropped.
func (f *fixCtx) probeCount() dst.Expr {
	return intLit(int64(f.site.Policy.Count))
}

// guard wraps statements that a fix inserts in the gate's condition;
// without a gate they run unconditionally.
func (f *fixCtx) guard(stmts []dst.Stmt) []dst.Stmt {
	return stmts
}
