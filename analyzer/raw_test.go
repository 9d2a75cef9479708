package analyzer_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/kafix/kafix/analyzer"
)

// Raw sockets (syscall and golang.org/x/sys/unix): the GOPATH packages
// under testdata/src/raw* use syscall; the module testdata/rawunix
// uses x/sys/unix (and github.com/pkg/errors), which GOPATH mode
// cannot provide.

// TestRawStyles checks that the fix of a raw socket handles its errors
// the way the socket call's own check does: return -1, err; fmt.Errorf
// with %w; os.NewSyscallError; log.Fatalf; panic; t.Fatalf; an ignored
// error; named results with a deferred close; a close helper of the
// project; a defer registered only after the check.
func TestRawStyles(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(testsConfig()), "rawstyle")
}

// TestRawShapes checks the shapes of raw socket code: named constants
// and flags, a domain variable, IPPROTO_TCP with any domain, a struct
// field, closures, accept loops (on Linux the listener is configured,
// elsewhere each accepted fd), net.FileConn and net.FileListener, and
// //kafix:ignore.
func TestRawShapes(t *testing.T) {
	for _, goos := range []string{"linux", "darwin"} {
		t.Run(goos, func(t *testing.T) {
			setGOOS(t, goos)
			runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "rawshape")
		})
	}
}

// TestRawConstructors checks socket constructors across packages: the
// facts of package sock, and the sites at its callers whose arguments
// make a TCP socket, never for UDP, AF_UNIX, AF_VSOCK or AF_PACKET.
func TestRawConstructors(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "rawwrap/sock", "rawwrap/use")
}

// TestRawReturned checks functions that return a TCP fd they create
// with their own constants: the sites are the calls whose callers do
// not turn keepalive on for the fd (behind an option of theirs, on a
// struct field elsewhere in the package, through a helper of another
// package), in the package and, through facts, in its importers; a
// method, a function used as a value and an unexported function that
// nobody calls keep their sites.
func TestRawReturned(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "rawret/sock", "rawret/use")
}

// TestRawCovered checks that raw sockets on which the code turns
// keepalive on, directly, conditionally or through helpers (in the
// package or, by facts, in another), are not reported, and that
// SO_KEEPALIVE set to 0 does not cover.
func TestRawCovered(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "rawhelper", "rawcover")
}

// TestRawFDHelper checks that a raw socket's fix calls a keepalive
// helper for an fd, of its package or of one it imports, whose
// parameters set the idle time and interval: with the value whose
// bound is the policy's where one parameter sets both and the count
// is the system's (netpoll's SetKeepAlive(fd, secs int)), with the
// policy's values where each has its parameter; only where the package
// declares it for every system the file builds for and on which the
// package builds. A helper whose parameters cannot carry the policy is
// not called.
func TestRawFDHelper(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "fdhelper/same", "fdhelper/sockutil", "fdhelper/useimp", "fdhelper/nofit")
}

// TestRawNegatives checks that sockets that are not TCP, or not known
// to be, are not reported, and that a constructor's body is not.
func TestRawNegatives(t *testing.T) {
	analysistest.Run(t, testdata(t), analyzer.New(defaultConfig()), "rawneg")
}

// rawTagGOOS are the systems TestRawBuildTags analyzes package rawtags
// for; each sees the files that build for it.
var rawTagGOOS = []string{"linux", "darwin", "freebsd", "netbsd", "openbsd", "windows"}

// TestRawBuildTags checks that each fix names only the options that
// every system its file builds for has, as the file's //go:build line
// and _GOOS.go name decide: all timers on Linux and the BSDs,
// TCP_KEEPALIVE on darwin, none on OpenBSD, WSAIoctl on Windows, and
// SO_KEEPALIVE alone for a file that builds everywhere.
func TestRawBuildTags(t *testing.T) {
	for _, goos := range rawTagGOOS {
		t.Run(goos, func(t *testing.T) {
			setGOOS(t, goos)
			runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "rawtags")
			runWithAutoFixes(t, testdata(t), analyzer.New(autoConfig()), "rawtags")
		})
	}
}

// TestRawUnix checks golang.org/x/sys/unix sockets in a module:
// errors.Wrap, an import alias, Accept4, a constructor whose caller
// does not import unix, darwin's names, and a file for every unix.
func TestRawUnix(t *testing.T) {
	dir := rawUnixModule(t)
	t.Run("linux", func(t *testing.T) {
		setGOOS(t, "linux")
		runWithFixes(t, dir, analyzer.New(defaultConfig()), "./...")
	})
	t.Run("darwin", func(t *testing.T) {
		setGOOS(t, "darwin")
		runWithFixes(t, dir, analyzer.New(defaultConfig()), "./client")
	})
}

// rawUnixModule is testdata/rawunix, with its modules in the module
// cache: analysistest loads modules with GOPROXY=off.
func rawUnixModule(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(testdata(t), "rawunix")
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod download in %s (x/sys and pkg/errors must be in the module cache): %v\n%s", dir, err, out)
	}
	return dir
}

// setGOOS makes the packages load for goos.
func setGOOS(t *testing.T, goos string) {
	t.Setenv("GOOS", goos)
	t.Setenv("GOARCH", "amd64")
	t.Setenv("CGO_ENABLED", "0")
}

// TestRawRequireOn checks that under -require=on a raw socket wrapped
// by net.FileConn (Go's implicit keepalive) is not reported, while a
// socket without SO_KEEPALIVE and SO_KEEPALIVE set to 0 are.
func TestRawRequireOn(t *testing.T) {
	cfg := defaultConfig()
	cfg.Require = analyzer.RequireOn
	analysistest.Run(t, testdata(t), analyzer.New(cfg), "rawon")
}

// TestRawGoListener checks that raw Accepts on the fd of a Go listener
// are sites of their own, that the listener is then no site (Go's
// Accept creates none of its connections), and that a listener that
// only reserves a port is none either.
func TestRawGoListener(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "rawlistener")
}

// TestListenerFDTaken checks that a Go listener whose fd the package
// takes raw (File in a local variable or in a type switch over a
// struct field, SyscallConn), there or in a function of the package
// that the listener is passed to (convert.go, cloudwego/netpoll's
// shape), gets the timers on its listening socket too, with words that
// say so, and that a listener whose file is handed on (a child's
// net.FileListener) or whose fd is not taken keeps a Go listener's
// fix.
func TestListenerFDTaken(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "fdtaken")
}

// TestSetterImportsOnce checks that where an earlier fix of the file
// that gets the option setter imports a package the setter needs
// (time, under -user-timeout=0), the setter's own import block leaves
// it out: the file imports it once, and builds.
func TestSetterImportsOnce(t *testing.T) {
	cfg := defaultConfig()
	cfg.Policy.UserTimeout = 0
	runWithFixes(t, testdata(t), analyzer.New(cfg), "setterimports")
}

// TestRawRetryLoop checks a socket retried in a loop whose error is
// checked after it: both calls get the same fix after that check, which
// drivers merge; a loop that retries with another call gets none.
func TestRawRetryLoop(t *testing.T) {
	runWithFixes(t, testdata(t), analyzer.New(defaultConfig()), "rawretry", "rawretry/other")
}
