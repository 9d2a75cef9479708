// Package fdtakenlib takes the fd of a listener it is given: a
// function of another package, which the analyzer does not follow into
// from its callers (no fact carries what it does with a listener).
package fdtakenlib

import (
	"errors"
	"net"
	"os"
)

// Raw keeps the file of a TCP listener, for an event loop that accepts
// raw from its fd.
type Raw struct {
	File *os.File
}

// Take takes the fd of l.
func Take(l net.Listener) (*Raw, error) {
	tl, ok := l.(*net.TCPListener)
	if !ok {
		return nil, errors.New("not a TCP listener")
	}
	f, err := tl.File()
	if err != nil {
		return nil, err
	}
	return &Raw{File: f}, nil
}
