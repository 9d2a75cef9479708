package dialerfield

// conn is created here, in a file that does not import net: the
// holder's literal is found all the same.
type conn struct {
	dialer interface{}
}

func open() *conn {
	return &conn{dialer: defaultDialer{}} // want `defaultDialer literal leaving its net.Dialer field d zero with a non-constant network relies on Go's implicit keepalive`
}
