// Package gatelib is a library: kafix -gate=flag switches its keepalive
// with an exported variable, declared here, in the file named after the
// package, since a library must not register flags.
package gatelib

import "errors"

// ErrClosed is returned by a closed client.
var ErrClosed = errors.New("gatelib: closed")
