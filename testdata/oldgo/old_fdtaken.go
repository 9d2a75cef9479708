package oldgo

import "net"

// serveBoth serves with Go's Accept, or hands the fd of the listener,
// whose File it takes, to an event loop that accepts raw: before go1.23 its fix sets the policy's timers
// on the listening socket in Control, with KeepAlive -1, so that Go's
// Accept leaves the copied timers alone (a KeepAlive of 10s would reset
// them to 10s and Go's 15s x 9).
func serveBoth(addr string, raw bool) error {
	ln, err := net.Listen("tcp", addr) // fix `Turn keepalive on, on the listening socket too .*: 30s idle, 10s interval, 5 probes; a dead idle peer is noticed within 1m20s` // want `net.Listen \(its fd is taken with File\) lets code accept raw`
	if err != nil {
		return err
	}
	if !raw {
		for {
			c, err := ln.Accept()
			if err != nil {
				return err
			}
			c.Close()
		}
	}
	f, err := ln.(*net.TCPListener).File()
	if err != nil {
		return err
	}
	defer f.Close()
	return eventLoop(int(f.Fd()))
}
