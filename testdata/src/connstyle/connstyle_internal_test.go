package connstyle

import (
	"net"
	"testing"
)

// mustNil stops the test, as require.NoError does.
func mustNil(t *testing.T, err error, msgAndArgs ...any) {
	t.Helper()
	if err != nil {
		t.Fatal(append([]any{err}, msgAndArgs...)...)
	}
}

// noError reports and goes on, as assert.NoError does.
func noError(t *testing.T, err error) bool {
	t.Helper()
	if err != nil {
		t.Error(err)
		return false
	}
	return true
}

func dialMust(t *testing.T, raddr *net.TCPAddr) *net.TCPConn {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	mustNil(t, err, "dial %v", raddr)
	return c
}

func dialAssert(t *testing.T, raddr *net.TCPAddr) *net.TCPConn {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on`
	noError(t, err)
	return c
}

// Not checks: the error is logged and the code goes on.

func dialLogged(t *testing.T, raddr *net.TCPAddr) *net.TCPConn {
	c, err := net.DialTCP("tcp", nil, raddr) // want `net.DialTCP relies on .*no automatic fix: check its error right after the call$`
	t.Log(err)
	return c
}
