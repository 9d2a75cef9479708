package fixer

import "errors"

// rawSocket configures a raw socket after its error check.
func (f *fixCtx) rawSocket() error {
	return errors.New("raw sockets are not fixed yet")
}
