//go:build !unix

package oldgo

import "errors"

func eventLoop(fd int) error { return errors.New("no event loop") }
