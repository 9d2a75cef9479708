package ignore

import "net"

// A directive with a reason silences the site on its line or the next,
// and is not reported itself.
func kept(addr string) (net.Conn, error) {
	//kafix:ignore the proxy in front of this service pings every 10s
	return net.Dial("tcp", addr)
}

func keptSameLine(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) //kafix:ignore short-lived health check
}

// A directive without a reason is reported, and silences nothing.
func bare(addr string) (net.Conn, error) { // want +1 `^//kafix:ignore without a reason silences nothing: write //kafix:ignore <reason>$`
	//kafix:ignore
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}

// Another word after the name is no directive.
func otherWord(addr string) (net.Conn, error) {
	//kafix:ignored
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}

// A line directive silences only its own site: two lines down is out of
// its reach.
func tooFar(addr string) (net.Conn, error) {
	//kafix:ignore the next line is not this site's
	_ = addr
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}
