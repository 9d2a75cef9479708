// Package netbranch reads its networks in branches that test them: in
// the body of a case clause of a switch on the network, or of an if
// that compares it, the network is one of the constants tested there.
package netbranch

import (
	"context"
	"net"
)

// The shape of go-gost/x's dialer: the unix branch dials with a zero
// Dialer, every other network falls out of the switch.
func dial(ctx context.Context, network, addr string) (net.Conn, error) {
	switch network {
	case "unix":
		netd := net.Dialer{}
		return netd.DialContext(ctx, network, addr)
	default:
	}
	return net.Dial(network, addr) // want `net.Dial with a non-constant network relies on`
}

func listenUnix(network, addr string) (net.Listener, error) {
	switch network {
	case "unix", "unixpacket":
		return net.Listen(network, addr)
	}
	return nil, net.UnknownNetworkError(network)
}

// In a TCP case the network is TCP: no longer "maybe".
func dialTCP(network, addr string) (net.Conn, error) {
	switch network {
	case "tcp", "tcp4", "tcp6":
		var d net.Dialer // want `net.Dialer declared without a value relies on Go's implicit keepalive`
		return d.Dial(network, addr)
	case "udp":
		return net.Dial(network, addr)
	}
	return nil, net.UnknownNetworkError(network)
}

func ifUnix(network, addr string) (net.Conn, error) {
	if network == "unix" || "unixgram" == network {
		return net.Dial(network, addr)
	}
	return nil, net.UnknownNetworkError(network)
}

func ifTCP(network, addr string, ok bool) (net.Conn, error) {
	if ok && network == "tcp4" {
		return net.Dial(network, addr) // want `net.Dial relies on Go's implicit keepalive`
	}
	return nil, net.UnknownNetworkError(network)
}

// A switch with no tag whose case compares the network.
func taglessSwitch(network, addr string) (net.Listener, error) {
	switch {
	case network == "unix":
		return net.Listen(network, addr)
	}
	return nil, net.UnknownNetworkError(network)
}

// The else of a test, a default clause, and a clause that a
// fallthrough enters say nothing about the network.
func elseBranch(network, addr string) (net.Conn, error) {
	if network == "unix" {
		return nil, net.UnknownNetworkError(network)
	} else {
		return net.Dial(network, addr) // want `net.Dial with a non-constant network relies on`
	}
}

func defaultClause(network, addr string) (net.Conn, error) {
	switch network {
	case "unix":
		return nil, net.UnknownNetworkError(network)
	default:
		return net.Dial(network, addr) // want `net.Dial with a non-constant network relies on`
	}
}

func fallthroughClause(network, addr string) (net.Conn, error) {
	switch network {
	case "tcp":
		fallthrough
	case "unix":
		return net.Dial(network, addr) // want `net.Dial with a non-constant network relies on`
	}
	return nil, net.UnknownNetworkError(network)
}

// A branch that changes the network, or a network that a pointer or a
// function literal may change, is not narrowed.
func reassigned(network, addr string) (net.Conn, error) {
	switch network {
	case "unix":
		network = upgrade(network)
		return net.Dial(network, addr) // want `net.Dial with a non-constant network relies on`
	}
	return nil, net.UnknownNetworkError(network)
}

func pointerTaken(network, addr string) (net.Conn, error) {
	p := &network
	if network == "unix" {
		*p = upgrade(network)
		return net.Dial(network, addr) // want `net.Dial with a non-constant network relies on`
	}
	return nil, net.UnknownNetworkError(network)
}

func closureWrites(network, addr string) (net.Conn, error) {
	change := func() { network = upgrade(network) }
	if network == "unix" {
		change()
		return net.Dial(network, addr) // want `net.Dial with a non-constant network relies on`
	}
	return nil, net.UnknownNetworkError(network)
}

func upgrade(network string) string { return network + "-tcp" }
