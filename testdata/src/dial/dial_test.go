package dial

import (
	"net"
	"testing"
)

func TestDial(t *testing.T) {
	ln, err := net.Listen("tcp", "192.0.2.1:0") // want `net.Listen relies on`
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go ln.Accept()
}
