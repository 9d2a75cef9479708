package ignore

import "net"

// want +1 `^//kafix:file-ignore without a reason silences nothing: write //kafix:file-ignore <reason>$`
//kafix:file-ignore

// The directive above has no reason: this file's sites are reported.
func notKept(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr) // want `net.Dial relies on`
}
