package socketfiles

// network is what DialNetwork dials. This file refers to no socket
// package. SetNetwork writes it, so its value is not known: were only
// its declaration to write it, it would count as "udp", no site.
var network = "udp"

// SetNetwork sets the network that DialNetwork dials.
func SetNetwork(n string) { network = n }
