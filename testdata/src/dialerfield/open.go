package dialerfield

// conn is created here, in a file that does not import net: the
// holder's literal is found all the same.
type conn struct {
	dialer interface{}
}

func open() *conn {
	return &conn{dialer: defaultDialer{}} // want `defaultDialer's zero net.Dialer d with a non-constant network relies on Go's implicit keepalive`
}
