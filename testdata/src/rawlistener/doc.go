// Package rawlistener accepts the connections of Go listeners with raw
// syscalls: a ListenConfig's keepalive would never reach them, so each
// raw Accept is the site. (This file has no build constraint, so the
// package builds, empty of sites, on every system.)
package rawlistener
