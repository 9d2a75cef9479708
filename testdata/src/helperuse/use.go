package helperuse

import (
	"net"

	"helper"
)

func tuned(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	helper.Tune(c)
	return c, nil
}

func control(addr string) (net.Conn, error) {
	d := net.Dialer{Control: helper.Control}
	return d.Dial("tcp", addr)
}

func configured(addr string) (net.Conn, error) {
	var d net.Dialer
	helper.ConfigureDialer(&d)
	return d.Dial("tcp", addr)
}

func untouched(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr) // want `net.Dial relies on`
	if err != nil {
		return nil, err
	}
	return c, nil
}
