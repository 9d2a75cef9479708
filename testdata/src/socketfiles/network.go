package socketfiles

// network is what DialNetwork dials. This file refers to no socket
// package.
var network = "udp"
