package testsonly

import (
	"net"
	"os"
	"testing"
)

func TestDial(t *testing.T) {
	c, err := net.Dial("tcp", os.Getenv("SERVER_ADDR")) // want `net.Dial relies on`
	if err != nil {
		t.Skip(err)
	}
	c.Write([]byte("ping\n"))
	c.Close()
}
