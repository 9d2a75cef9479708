// Package caller calls a unix socket constructor without importing
// x/sys/unix itself: the fix imports it.
package caller

import (
	"log"

	"rawunix/ctor"
)

func open() int {
	fd, err := ctor.Open(ctor.IPv4, ctor.Stream) // want `ctor.Open \(a socket constructor\) creates a TCP socket`
	if err != nil {
		log.Fatal(err)
	}
	return fd
}

func local() (int, error) { return ctor.Open(ctor.Unix, ctor.Stream) }
