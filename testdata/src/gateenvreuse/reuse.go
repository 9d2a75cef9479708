// Package gateenvreuse reads its keepalive from the environment
// already, in a variable of the reader's name and shape (a reader kafix
// generated, whose //kafix:gate line was deleted): -gate=env uses it
// rather than declaring a second reader.
package gateenvreuse

import (
	"net"
	"os"
	"sync"
	"time"
)

var keepAliveEnv = sync.OnceValue(func() net.KeepAliveConfig {
	return net.KeepAliveConfig{Enable: os.Getenv("KEEPALIVE") != "off", Idle: time.Minute}
})

// Dial connects to addr.
func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // fix `tuned at run time by KEEPALIVE, KEEPIDLE, KEEPINTVL and KEEPCNT; switched by the package's existing keepAliveEnv` // want `net.Dial relies on`
}
