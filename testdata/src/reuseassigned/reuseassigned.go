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
	return net.Dial("tcp", addr) // want `net.Dial relies on .*the fix turns keepalive on with 30s idle, 10s interval and 5 probes`
}

// disabled is a KeepAliveConfig that turns keepalive off: not a policy
// to reuse (and it is assigned above anyway).
var disabled = net.KeepAliveConfig{Enable: false}
