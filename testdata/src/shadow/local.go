package shadow

import (
	"context"
	"net"
)

// A parameter named net hides the package at the site.
func hidden(ctx context.Context, net string, d func() *netDialer) {
	_ = net
}

type netDialer = net.Dialer

func listen(ctx context.Context, addr string) (net.Listener, error) {
	time := 3 // a local variable hides the time package
	_ = time
	return net.Listen("tcp", addr) // want `net.Listen relies on`
}
