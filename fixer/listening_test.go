package fixer

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

// TestListenerOptionsCopied proves, on Linux, what the fix of a Go
// listener whose fd is taken raw relies on: a connection accepted raw
// (syscall.Accept on the fd of the listener's File) copies the
// listening socket's keepalive options and user timeout, so the
// setter's Control with the timers gives it the policy, while
// KeepAliveConfig alone, which only Go's Accept applies, leaves it the
// system's timers. The program listens three ways, as the fix writes a
// listener whose fd is taken ("timers"), as it writes any other
// listener ("userTimeout"), and as written before a fix ("plain"),
// and for each prints the options of a connection accepted by Go and
// of one accepted raw.
func TestListenerOptionsCopied(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads the options back with Linux's numbers")
	}
	const program = readBackFunc + `
func main() {
	policy := net.KeepAliveConfig{Enable: true, Idle: 2 * time.Second, Interval: time.Second, Count: 3}
	for _, lc := range []struct {
		name string
		lc   net.ListenConfig
	}{
		{"timers", net.ListenConfig{KeepAliveConfig: policy, Control: tcpOptions{Idle: 2 * time.Second, Interval: time.Second, Count: 3, UserTimeout: 5 * time.Second}.control}},
		{"userTimeout", net.ListenConfig{KeepAliveConfig: policy, Control: tcpOptions{UserTimeout: 5 * time.Second}.control}},
		{"plain", net.ListenConfig{}},
	} {
		ln, err := lc.lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		dial := func() net.Conn {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				panic(err)
			}
			return c
		}
		c1 := dial()
		a, err := ln.Accept()
		if err != nil {
			panic(err)
		}
		rc, err := a.(*net.TCPConn).SyscallConn()
		if err != nil {
			panic(err)
		}
		var goAccepted string
		rc.Control(func(fd uintptr) { goAccepted = readBack(int(fd)) })

		f, err := ln.(*net.TCPListener).File()
		if err != nil {
			panic(err)
		}
		c2 := dial()
		nfd, _, err := syscall.Accept(int(f.Fd()))
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s go %s raw %s\n", lc.name, goAccepted, readBack(nfd))
		syscall.Close(nfd)
		for _, c := range []net.Conn{c1, c2, a} {
			c.Close()
		}
		ln.Close()
		f.Close()
	}
}
`
	// The system's timers, which a raw-accepted socket keeps unless the
	// listening socket had others: net.ipv4.tcp_keepalive_*.
	var system []string
	for _, name := range []string{"tcp_keepalive_time", "tcp_keepalive_intvl", "tcp_keepalive_probes"} {
		b, err := os.ReadFile("/proc/sys/net/ipv4/" + name)
		if err != nil {
			t.Fatal(err)
		}
		system = append(system, strings.TrimSpace(string(b)))
	}
	if strings.Join(system, "/") == "2/1/3" {
		t.Fatal("the system's keepalive timers are the test's policy: the test could not tell them apart")
	}
	out := runWithSetter(t, "1.23", false, []string{"context", "fmt", "net", "strings"}, program)
	// SO_KEEPALIVE / TCP_KEEPIDLE s / TCP_KEEPINTVL s / TCP_KEEPCNT / TCP_USER_TIMEOUT ms.
	// Go's Accept sets the KeepAliveConfig, or Go's 15 s default.
	sys := strings.Join(system, "/")
	want := fmt.Sprintf("timers go 1/2/1/3/5000 raw 1/2/1/3/5000\n"+
		"userTimeout go 1/2/1/3/5000 raw 1/%s/5000\n"+
		"plain go 1/15/15/9/0 raw 0/%s/0\n", sys, sys)
	if out != want {
		t.Errorf("options read back:\n%s\nwant:\n%s", out, want)
	}
}
