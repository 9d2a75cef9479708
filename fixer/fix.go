package fixer

import "errors"

// Fix returns the fix for s.
func Fix(s Site) (*Result, error) {
	return nil, errors.New("not yet")
}
