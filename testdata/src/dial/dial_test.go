package dial

import (
	"net"
	"testing"
)

func TestDial(t *testing.T) {
	ln, err := net.Listen("tcp", "192.0.2.1:8443") // want `net.Listen relies on`
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go ln.Accept()
}

// ExampleDial is documentation that readers copy: its dial is not a
// site (a fix would use the package's unexported option setter).
func ExampleDial() {
	c, err := net.Dial("tcp", "db.example.com:5432")
	if err != nil {
		return
	}
	defer c.Close()
}
