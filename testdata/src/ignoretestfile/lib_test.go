package ignoretestfile

import (
	"net"
	"os"
	"testing"
)

func TestBare(t *testing.T) {
	//kafix:ignore
	c, err := net.Dial("tcp", os.Getenv("SERVER_ADDR"))
	if err != nil {
		t.Skip(err)
	}
	c.Write([]byte("ping\n"))
	c.Close()
}
