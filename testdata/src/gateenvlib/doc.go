// Package gateenvlib is a library whose keepalive kafix -gate=env reads
// from the environment. Its gate is declared in this file, the one with
// the package comment.
package gateenvlib
