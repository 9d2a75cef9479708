package reuseassigned

// The package's keepalive variable is changed at run time: its values
// are not known, so the fix does not reuse it and writes the policy.

import (
	"net"
	"time"
)

var keepAlive = net.KeepAliveConfig{Enable: true, Idle: 45 * time.Second, Interval: 15 * time.Second, Count: 4}

// SetKeepAliveIdle changes the policy.
func SetKeepAliveIdle(d time.Duration) { keepAlive.Idle = d }

func dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // fix `Turn keepalive on: 30s idle, 10s interval, 5 probes` // want `net.Dial relies on`
}

// disabled is a KeepAliveConfig that turns keepalive off: not a policy
// to reuse (and it is assigned above anyway).
var disabled = net.KeepAliveConfig{Enable: false}
