package ignore

import "net"

//kafix:file-ignore this file dials the metrics sidecar, which closes idle connections itself

// No site of this file is reported.
func sidecar(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }

func sidecarListen() (net.Listener, error) { return net.Listen("tcp", ":9090") }

func sidecarDialer() *net.Dialer { return &net.Dialer{KeepAlive: -1} }
