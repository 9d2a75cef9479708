//go:build unix

package migrate

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kafix/kafix/cmd/internal/testmodule"
)

// TestLongLineCost: a site on a line of about 400 KB (a long string
// constant; a long composite literal in the function that the fix
// rewrites; two sites, which take a second pass) costs the run little
// CPU time, -diff and writing alike: the cost is linear in the line's
// length (it was quadratic: 106 s for -diff and 174 s to write a site
// on a 418 KB line). The bound is the run's own CPU time, which the
// machine's load does not inflate as it does the wall time; the go
// command's is apart.
func TestLongLineCost(t *testing.T) {
	const size = 400 << 10
	elems := strings.Repeat("7, ", size/3)
	for _, shape := range []struct{ name, body string }{
		{"string", `func Dial(addr string) (net.Conn, string, error) { c, err := net.Dial("tcp", addr); return c, "` + strings.Repeat("x", size) + `", err }`},
		{"literal", `func Dial(addr string) (net.Conn, []byte, error) { c, err := net.Dial("tcp", addr); return c, []byte{` + elems + `}, err }`},
		{"two sites", `func Dial(addr string) (net.Conn, net.Conn, string) { a, _ := net.Dial("tcp", addr); b, _ := net.Dial("tcp", addr); return a, b, "` + strings.Repeat("x", size) + `" }`},
	} {
		src := "package l\n\nimport \"net\"\n\n" + shape.body + "\n"
		dir := testmodule.Write(t, map[string]string{"l.go": src})
		for _, args := range [][]string{{"-diff", "./..."}, {"./..."}} {
			before := cpuTime(t)
			start := time.Now()
			code, stdout, _ := safeKafix(t, dir, args...)
			spent, wall := cpuTime(t)-before, time.Since(start)
			t.Logf("%s, kafix %s: %v CPU, %v wall", shape.name, strings.Join(args, " "), spent, wall)
			if want := map[bool]int{true: ExitDiff, false: ExitOK}[args[0] == "-diff"]; code != want {
				t.Errorf("%s, kafix %s: exit status %d, want %d", shape.name, strings.Join(args, " "), code, want)
			}
			if args[0] == "-diff" && !strings.Contains(stdout, "KeepAliveConfig") {
				t.Errorf("%s: the diff has no fix", shape.name)
			}
			if spent > 5*time.Second {
				t.Errorf("%s, kafix %s: %v of CPU time for one site on a %d KB line", shape.name, strings.Join(args, " "), spent, size>>10)
			}
		}
		testmodule.Fixed(t, filepath.Join(dir, "l.go"), map[bool]int{true: 2, false: 1}[strings.HasPrefix(shape.name, "two")])
		long := strings.Repeat("x", size)
		if shape.name == "literal" {
			long = strings.TrimSuffix(elems, ", ")
		}
		if !strings.Contains(testmodule.Read(t, filepath.Join(dir, "l.go")), long) {
			t.Errorf("%s: the long part of the line was not kept", shape.name)
		}
	}
}

// cpuTime is the CPU time, user and system, that this process has
// used so far.
func cpuTime(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
