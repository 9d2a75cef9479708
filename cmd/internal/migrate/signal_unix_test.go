//go:build unix

package migrate

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/kafix/kafix/cmd/internal/testmodule"
)

// TestRunSignalFinishesPackageInHand: SIGINT while package b is being
// written lets b finish (both its files fixed), writes no package
// after it, names them in the summary, leaves no temporary file and
// exits 2. (Without catching it, the signal ends the test binary.)
func TestRunSignalFinishesPackageInHand(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		dir := testmodule.Write(t, map[string]string{
			"a/a.go":  testmodule.Dial("a"),
			"b/b1.go": testmodule.Dial("b"),
			"b/b2.go": "package b\n\nimport \"net\"\n\nfunc Dial2(addr string) (net.Conn, error) {\n\treturn net.Dial(\"tcp\", addr)\n}\n",
			"c/c.go":  testmodule.Dial("c"),
		})
		c := testmodule.Dial("c")
		var r *runner
		sent := false
		hook := func(name string) {
			if filepath.Base(name) != "b1.go" || sent {
				return
			}
			sent = true
			if err := syscall.Kill(syscall.Getpid(), sig); err != nil {
				t.Fatal(err)
			}
			// Wait for the run to have seen it, so that the test
			// does not depend on when the signal is delivered.
			for deadline := time.Now().Add(10 * time.Second); r.stoppedBy() == nil; time.Sleep(time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the signal did not reach the run")
				}
			}
		}
		r = newTestRunner(dir, Options{}, hook)
		code, stderr := runTestRunner(t, r)
		if !sent {
			t.Fatal("the hook never sent the signal")
		}
		testmodule.Fixed(t, filepath.Join(dir, "a", "a.go"), 1)
		testmodule.Fixed(t, filepath.Join(dir, "b", "b1.go"), 1)
		testmodule.Fixed(t, filepath.Join(dir, "b", "b2.go"), 1)
		safeSame(t, filepath.Join(dir, "c", "c.go"), c)
		if code != ExitSkipped {
			t.Errorf("%v: exit status %d, want %d", sig, code, ExitSkipped)
		}
		stderrHas(t, stderr,
			"kafix: c/c.go not written: kafix was stopped by "+sig.String()+" before it wrote this package\n",
			"3 files written",
		)
		safeNoTemps(t, dir)
		goVet(t, dir)
	}
}
