//go:build !unix

package fdtaken

import "errors"

var errNoEventLoop = errors.New("no event loop on this system")

func (l *listener) system() error { return errNoEventLoop }

func eventLoop(fd int) error { return errNoEventLoop }
