package target

import (
	"net"
	"testing"
)

// A site in a test file: every driver analyzes test files.
func dialForTest(t *testing.T, addr string) net.Conn {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
