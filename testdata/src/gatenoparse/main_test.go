package main

import (
	"flag"
	"net"
	"os"
	"testing"
)

// TestMain parses the test binary's flags: that does not make the
// program parse its own, so the gate stays a variable in both the
// package and its test variant.
func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(m.Run())
}

func TestDial(t *testing.T) {
	ln, err := net.Listen("tcp", "192.0.2.1:8443") // fix `the variable tcpKeepAlive` // want `net.Listen relies on`
	if err != nil {
		t.Fatal(err)
	}
	go ln.Accept()
	ln.Close()
}
