package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// The kafix binary is built at most once per test binary run, and only when a
// test asks for it, so tests that do not exec kafix do not pay for the build.
var (
	kafixOnce sync.Once
	kafixPath string
	kafixErr  error

	exitMu    sync.Mutex
	exitFuncs []func()
)

// kafixBinary returns the path of a kafix binary built from this module's
// ./cmd/kafix. It fails the test if the build fails.
func kafixBinary(t testing.TB) string {
	t.Helper()
	kafixOnce.Do(func() {
		dir, err := os.MkdirTemp("", "kafix-bin-")
		if err != nil {
			kafixErr = err
			return
		}
		atExit(func() { os.RemoveAll(dir) })
		out := filepath.Join(dir, "kafix")
		if runtime.GOOS == "windows" {
			out += ".exe"
		}
		cmd := exec.Command("go", "build", "-o", out, "github.com/kafix/kafix/cmd/kafix")
		if output, err := cmd.CombinedOutput(); err != nil {
			kafixErr = fmt.Errorf("go build kafix: %v\n%s", err, output)
			return
		}
		kafixPath = out
	})
	if kafixErr != nil {
		t.Fatal(kafixErr)
	}
	return kafixPath
}

// atExit registers f to run after all tests, before the test binary exits
// (and from interrupt handlers that end the process early). Use it for state
// shared between tests, which t.Cleanup cannot own.
func atExit(f func()) {
	exitMu.Lock()
	defer exitMu.Unlock()
	exitFuncs = append(exitFuncs, f)
}

// runAtExit runs the registered functions, newest first. A concurrent caller
// (TestMain and an interrupt handler) waits until they have run.
func runAtExit() {
	exitMu.Lock()
	defer exitMu.Unlock()
	for i := len(exitFuncs) - 1; i >= 0; i-- {
		exitFuncs[i]()
	}
	exitFuncs = nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	runAtExit()
	os.Exit(code)
}
