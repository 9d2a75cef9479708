package fixer

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// Kind is the shape of a site, which decides the shape of its fix.
type Kind int

const (
	// DialCall is net.Dial or net.DialTimeout: the call becomes a
	// configured net.Dialer's Dial.
	DialCall Kind = iota + 1
	// TLSDialCall is tls.Dial: it becomes tls.DialWithDialer with a
	// configured net.Dialer.
	TLSDialCall
	// ListenCall is net.Listen: it becomes a configured
	// net.ListenConfig's Listen.
	ListenCall
	// TLSListenCall is tls.Listen: it becomes a configured
	// net.ListenConfig's Listen wrapped by tls.NewListener.
	TLSListenCall
	// ConfigLit is a net.Dialer or net.ListenConfig composite
	// literal: it gains a keepalive field.
	ConfigLit
	// TLSDialerLit is a tls.Dialer literal without a NetDialer: it
	// gains a configured one.
	TLSDialerLit
	// ConfigVar is `var d net.Dialer` (or ListenConfig) without a
	// value: the declaration gains a configured literal. With Keys,
	// the type is a struct that holds one (var p pgDialer), and the
	// literal is of that type, keying them.
	ConfigVar
	// ConfigNew is new(net.Dialer) or new(net.ListenConfig): it
	// becomes the address of a configured literal. With Keys, as for
	// ConfigVar: new(pgDialer) becomes &pgDialer{d: ...}.
	ConfigNew
	// HolderLit is a literal of a struct type that holds a net.Dialer
	// or net.ListenConfig in a field the literal leaves zero (type
	// pgDialer struct{ d net.Dialer }; pgDialer{}): it keys each such
	// field of Keys with a configured literal.
	HolderLit
	// FuncValue is net.Dial, net.DialTimeout, net.Listen or tls.Dial
	// used as a function value (Dial: net.Dial): it becomes a method
	// value of a configured Dialer, or a function literal of the same
	// signature. Field names the function: "Dial", "DialTimeout",
	// "Listen" or "tls.Dial".
	FuncValue
	// ConnCreated is a call that creates a connection which cannot be
	// configured before it exists (net.DialTCP, Accept of a
	// net.ListenTCP listener): the connection is configured right
	// after the call's own error check.
	ConnCreated
	// ListenTCPCall is net.ListenTCP whose listener is accepted in
	// another function (returned, stored, passed on): it becomes a
	// configured net.ListenConfig's Listen, asserted to
	// *net.TCPListener. Networks says which networks it may listen on.
	ListenTCPCall
	// DisableCall is SetKeepAlive(false) or SetKeepAliveConfig with
	// Enable false: the call is turned into one that enables it.
	DisableCall
	// RawSocket is a syscall or x/sys/unix socket (or a call of a
	// socket constructor) that makes a TCP socket: SO_KEEPALIVE and
	// the TCP timers are set right after its error check.
	RawSocket
	// RawAccept is an Accept or Accept4 on a raw TCP listening
	// socket: the accepted fd is configured after its error check.
	RawAccept
	// RawDisable is SetsockoptInt(fd, SOL_SOCKET, SO_KEEPALIVE, 0):
	// the call is turned into one that enables keepalive.
	RawDisable
)

// Conn is a call that creates a connection or fd, and the variable
// that receives it (nil if the result is not assigned to one).
type Conn struct {
	Call *ast.CallExpr
	Var  *ast.Ident
	// Held says that Var holds the fd rather than being it: the
	// result of a socket constructor that returns a *Conn built from
	// the fd. Field is the struct field that holds it, "" when only
	// the value's SyscallConn reaches it.
	Held  bool
	Field string
}

// Key is a field of a struct type that holds a net.Dialer or
// net.ListenConfig: its name (the type's name for an embedded field)
// and its type's, "Dialer" or "ListenConfig".
type Key struct {
	Name, Type string
}

// TLSDialer is Site.Field of ConfigVar and ConfigNew for a
// tls.Dialer, which gets a NetDialer: var d tls.Dialer becomes
// d := tls.Dialer{NetDialer: &net.Dialer{...}}.
const TLSDialer = "tls.Dialer"

// Site is one place to fix, as the analyzer found it.
type Site struct {
	Kind Kind
	// Node is the node that the kind names: the *ast.CallExpr of a
	// call kind, the *ast.CompositeLit of a literal kind, the
	// *ast.ValueSpec of ConfigVar, the *ast.Ident or *ast.SelectorExpr
	// of FuncValue.
	Node ast.Node
	// Field names the keepalive-bearing type of a literal or
	// declaration: "Dialer" or "ListenConfig" (package net), or
	// TLSDialer.
	Field string
	// Keys are, for HolderLit (and ConfigVar and ConfigNew of a
	// struct type that holds a Dialer or ListenConfig), the fields to
	// key.
	Keys []Key
	// Conns are, for ConnCreated, RawSocket and RawAccept, the calls
	// that create the connections or fds to configure, each with the
	// variable that receives it.
	Conns []Conn
	// Networks are, for ListenTCPCall, the values its network argument
	// may take; nil when they are not all known.
	Networks []string
	// SocketPkg is the import path of the package whose Socket
	// created a raw socket: "syscall" or "golang.org/x/sys/unix".
	SocketPkg string
	// Domain is the socket's address family name, AF_INET or
	// AF_INET6, where it is known; "" when it is only known to be
	// an internet family.
	Domain string
	// Helper is, for RawSocket and RawAccept, a function of the
	// package or of a package it imports that turns keepalive on for
	// an fd and sets its timers, which the site's file can call on
	// every system it builds for (HelperCallable); nil if none.
	Helper *FDHelper
	// ListenerFDTaken says, for a ListenCall, that the package takes
	// the listener's fd raw (File, SyscallConn): connections accepted
	// raw from that fd never see KeepAliveConfig, which only Go's
	// Accept applies, so the fix also sets the timers on the listening
	// socket, whose options the systems of ListenerOptionsCopied copy
	// to the sockets accepted from it.
	ListenerFDTaken bool
	// ControlAssigned is, for a Dialer or ListenConfig, where code
	// assigns its Control or ControlContext after the site: a Control
	// that the fix writes would be replaced there.
	ControlAssigned token.Pos

	File      *ast.File
	Fset      *token.FileSet
	Src       []byte // the file's contents as the driver read them
	Info      *types.Info
	Pkg       *types.Package
	GoVersion string // the file's Go version, such as "go1.22"; "" if unknown
	// GOOS lists the systems the file builds for, from its build
	// constraints and file name; nil means every system.
	GOOS []string

	Policy Policy
	// DescribeOnly asks for the fix's description without its edits,
	// for drivers that only report (kafix -check): the fix is worked
	// out as for any driver, so its words are the same, but not
	// printed, which is most of its cost.
	DescribeOnly bool
	// Package is shared by the sites of one package: the gates
	// declare their switch once for all of them. It may be nil when
	// the policy has no gate.
	Package *Package
}

// Result is a fix and the words that describe it.
type Result struct {
	Fix analysis.SuggestedFix
	// Description is the fix's message, one sentence: what the fix
	// sets and the bound that gives a dead peer (Fix.Message, which
	// it is, is empty under DescribeOnly).
	Description string
	// Partial is why the fix falls short of the policy in force where
	// it could have met it (the timers left to the system, say); ""
	// when it meets it.
	Partial string
}
