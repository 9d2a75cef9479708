// Package sub is a second package of the target module: its sites are
// reported with their directory, and go vet prints a header for it.
package sub

import "net"

// Dial relies on Go's implicit keepalive.
func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp4", addr)
}
