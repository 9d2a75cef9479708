package ignore

import (
	"net"
	"os"
	"testing"
)

// With -tests, a test file's directives count as any other file's.
func TestBare(t *testing.T) { // want +1 `^//kafix:ignore without a reason silences nothing`
	//kafix:ignore
	c, err := net.Dial("tcp", os.Getenv("SERVER_ADDR")) // want `net.Dial relies on`
	if err != nil {
		t.Skip(err)
	}
	c.Write([]byte("ping\n"))
	c.Close()
}

func TestKept(t *testing.T) {
	//kafix:ignore the test server closes the connection itself
	c, err := net.Dial("tcp", os.Getenv("SERVER_ADDR"))
	if err != nil {
		t.Skip(err)
	}
	c.Write([]byte("ping\n"))
	c.Close()
}
