// Package controlut assigns the Control function that a fix under
// -user-timeout would write (the user timeout's) anew behind an option:
// no automatic fix, which would lose it there while promising it.
package controlut

import (
	"context"
	"net"
	"syscall"
)

func listenReuse(ctx context.Context, addr string, reuse bool) (net.Listener, error) {
	var lc net.ListenConfig // want `net.ListenConfig declared without a value relies on .*; no automatic fix: set the options in the Control that line 15 assigns$`
	if reuse {
		lc.Control = reusePort
	}
	return lc.Listen(ctx, "tcp", addr)
}

func reusePort(network, address string, c syscall.RawConn) error { return nil }
