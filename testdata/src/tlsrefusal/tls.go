// Package tlsrefusal holds tls.Listen sites whose config may give no
// certificate, which tls.Listen refuses before it listens: the fix
// keeps that refusal, handled as the call's error was, or needs no
// check where a literal names a certificate source.
package tlsrefusal

import (
	"crypto/tls"
	"log"
	"net"
)

type server struct {
	TLSConfig *tls.Config
}

// A field: the check goes before the Listen, and the error goes
// through the same return.
func (s *server) listen(addr string) (net.Listener, error) {
	ln, err := tls.Listen("tcp", addr, s.TLSConfig) // want `tls.Listen relies on`
	if err != nil {
		return nil, err
	}
	return ln, nil
}

// A bare return returns the named results that the failure assigned.
func listenNamed(addr string, cfg *tls.Config) (ln net.Listener, err error) {
	ln, err = tls.Listen("tcp", addr, cfg) // want `tls.Listen relies on`
	if err != nil {
		return
	}
	return
}

// log.Fatal stops the program: the check copies it.
func mustListen(addr string, cfg *tls.Config) net.Listener {
	ln, err := tls.Listen("tcp", addr, cfg) // want `tls.Listen relies on`
	if err != nil {
		log.Fatal(err)
	}
	return ln
}

// A literal with a certificate needs no check.
func listenWithCert(addr string, cert tls.Certificate) (net.Listener, error) {
	ln, err := tls.Listen("tcp", addr, &tls.Config{Certificates: []tls.Certificate{cert}}) // want `tls.Listen relies on`
	if err != nil {
		return nil, err
	}
	return ln, nil
}

// Nor does one with GetCertificate.
func listenWithGetCertificate(addr string) (net.Listener, error) {
	ln, err := tls.Listen("tcp", addr, &tls.Config{GetCertificate: getCertificate}) // want `tls.Listen relies on`
	if err != nil {
		return nil, err
	}
	return ln, nil
}

func getCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) { return nil, nil }

// A config made by a call would be made twice: no fix.
func listenMade(addr string) (net.Listener, error) {
	ln, err := tls.Listen("tcp", addr, config()) // want `tls.Listen relies on`
	if err != nil {
		return nil, err
	}
	return ln, nil
}

func config() *tls.Config { return &tls.Config{} }

// An error check that goes on would listen anyway: no fix.
func listenLogged(addr string, cfg *tls.Config) net.Listener {
	ln, err := tls.Listen("tcp", addr, cfg) // want `tls.Listen relies on`
	if err != nil {
		log.Print(err)
	}
	return ln
}
