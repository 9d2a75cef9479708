package socketfiles // want package:"hasKeepAliveFacts"

// The sites of a package whose helpers, and the network one site
// dials, live in files that refer to no socket package: the analyzer
// reads those files too (socketFiles).

import "net"

// DialPrepared gets keepalive from Prepare, a helper of a helper.
func DialPrepared(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	Prepare(c)
	return c, nil
}

// DialNetwork dials network, a variable that another file declares:
// the analyzer reads that file, though a variable's value may change.
func DialNetwork(addr string) (net.Conn, error) {
	return net.Dial(network, addr) // want `net.Dial with a non-constant network`
}

// DialTCP is a site.
func DialTCP(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial relies on Go's implicit keepalive`
}
