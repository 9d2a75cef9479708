// Package dialerfieldlib exports a struct type that holds a
// net.Dialer: its literals in other packages are not sites (see
// dialerfield), since only this package could key all of its fields.
package dialerfieldlib

import "net"

type Holder struct {
	D    net.Dialer
	Name string
}
