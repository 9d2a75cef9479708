package fixer

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sockoptText is the option setter's declaration as a fix writes it in
// a file that imports none of its packages.
func sockoptText(t *testing.T, g *gatePlan) string {
	t.Helper()
	return sockoptVariantText(t, g, false)
}

// sockoptVariantText is sockoptText for a file that predates generics
// when reflective is true.
func sockoptVariantText(t *testing.T, g *gatePlan, reflective bool) string {
	t.Helper()
	return sockoptPartsText(t, g, reflective, allNeeds)
}

// sockoptPartsText is the setter with the parts of needs only.
func sockoptPartsText(t *testing.T, g *gatePlan, reflective bool, needs setterNeeds) string {
	t.Helper()
	sp := &sockoptPlan{typeName: "tcpOptions", funcName: "setTCPOptions", reflective: reflective, names: map[string]string{}, needs: needs}
	var imports []string
	for _, p := range sp.sockoptImports() {
		sp.names[p] = p
		imports = append(imports, strconv.Quote(p))
	}
	text, err := sp.declText(nil, g)
	if err != nil {
		t.Fatal(err)
	}
	return "import (\n\t" + strings.Join(imports, "\n\t") + "\n)\n\n" + text
}

// setterVariants are the two forms of the option setter, with the Go
// version of a module each is written for.
var setterVariants = []struct {
	name       string
	goVersion  string
	reflective bool
}{
	{"generic", "1.23", false},
	{"go1.17", "1.17", true}, // before generics: the fd converted through reflect
}

// optionNumbers reads, from the declaration, the numbers it sets per
// system: the case of runtime.GOOS that lists goos, and the names it
// assigns there (idle, interval, count, userTimeout, and on Linux
// solSocket and soKeepAlive for the architectures that are not mips).
func optionNumbers(t *testing.T, text string) map[string]map[string]int64 {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "sockopt.go", "package p\n"+text, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]map[string]int64)
	ast.Inspect(f, func(n ast.Node) bool {
		sw, ok := n.(*ast.SwitchStmt)
		if !ok {
			return true
		}
		if sel, ok := sw.Tag.(*ast.SelectorExpr); !ok || sel.Sel.Name != "GOOS" {
			return true
		}
		for _, stmt := range sw.Body.List {
			cc := stmt.(*ast.CaseClause)
			nums := make(map[string]int64)
			ast.Inspect(cc, func(n ast.Node) bool {
				as, ok := n.(*ast.AssignStmt)
				if !ok || len(as.Lhs) != len(as.Rhs) {
					return true
				}
				for i, lhs := range as.Lhs {
					lit, ok := as.Rhs[i].(*ast.BasicLit)
					if !ok {
						continue
					}
					v, err := strconv.ParseInt(lit.Value, 0, 64)
					if err != nil {
						t.Fatal(err)
					}
					nums[lhs.(*ast.Ident).Name] = v
				}
				return true
			})
			for _, e := range cc.List {
				goos, _ := strconv.Unquote(e.(*ast.BasicLit).Value)
				out[goos] = nums
			}
		}
		return false
	})
	return out
}

// TestOptionSetterNumbers checks every number the option setter uses
// against the constants of golang.org/x/sys (unix per system, windows),
// by compiling, for each system, assertions that they are equal; and
// that the systems it sets no user timeout or timers on are the ones
// the descriptions name (noUserTimeout, noTimers).
func TestOptionSetterNumbers(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles for eleven systems")
	}
	nums := optionNumbers(t, sockoptText(t, &gatePlan{}))
	constants := map[string]string{
		"idle": "TCP_KEEPIDLE", "interval": "TCP_KEEPINTVL", "count": "TCP_KEEPCNT",
		"solSocket": "SOL_SOCKET", "soKeepAlive": "SO_KEEPALIVE",
	}
	special := map[string]map[string]string{ // names that differ from the usual ones
		"darwin":  {"idle": "TCP_KEEPALIVE", "userTimeout": "TCP_RXT_CONNDROPTIME"},
		"linux":   {"userTimeout": "TCP_USER_TIMEOUT"},
		"windows": {"userTimeout": "TCP_MAXRT"},
	}
	systems := []string{"linux", "darwin", "windows", "freebsd", "netbsd", "openbsd", "dragonfly", "illumos", "solaris", "aix", "android"}
	for _, goos := range systems {
		t.Run(goos, func(t *testing.T) {
			t.Parallel()
			got, ok := nums[goos]
			if goos == "openbsd" {
				ok = true // the default case: no per-socket timers
			}
			if !ok {
				t.Fatalf("the option setter has no case for %s", goos)
			}
			var body strings.Builder
			for name, v := range got {
				if name == "solSocket" || name == "soKeepAlive" {
					continue // checked below, per architecture
				}
				c := constants[name]
				family := goos
				if goos == "android" {
					family = "linux"
				}
				if s := special[family][name]; s != "" {
					c = s
				}
				if c == "" {
					t.Fatalf("%s: no constant to check %s against", goos, name)
				}
				fmt.Fprintf(&body, "const _ = uint(q.%s - %d) + uint(%d - q.%s) // %s\n", c, v, v, c, name)
			}
			pkg, arch := "golang.org/x/sys/unix", "amd64"
			switch goos {
			case "windows":
				pkg = "golang.org/x/sys/windows"
			case "android":
				arch = "arm64"
			case "aix":
				arch = "ppc64"
			}
			if goos == "linux" || goos == "android" {
				fmt.Fprintf(&body, "const _ = uint(q.SOL_SOCKET - %d) + uint(%d - q.SOL_SOCKET)\n", got["solSocket"], got["solSocket"])
				fmt.Fprintf(&body, "const _ = uint(q.SO_KEEPALIVE - %d) + uint(%d - q.SO_KEEPALIVE)\n", got["soKeepAlive"], got["soKeepAlive"])
			} else if goos != "windows" {
				body.WriteString("const _ = uint(q.SOL_SOCKET - 0xffff) + uint(0xffff - q.SOL_SOCKET)\nconst _ = uint(q.SO_KEEPALIVE - 8) + uint(8 - q.SO_KEEPALIVE)\n")
			}
			if out, err := vetFor(t, pkg, goos, arch, body.String()); err != nil {
				t.Errorf("the option setter's numbers for %s differ from %s's constants: %v\n%s\n%s", goos, pkg, err, body.String(), out)
			}
			lacksUT := got["userTimeout"] == 0
			if lacksUT != slices.Contains(noUserTimeout, goos) && goos != "android" {
				t.Errorf("%s: the setter sets a user timeout: %v; noUserTimeout lists it: %v", goos, !lacksUT, slices.Contains(noUserTimeout, goos))
			}
			lacksTimers := got["idle"] == 0
			if lacksTimers != slices.Contains(noTimers, goos) {
				t.Errorf("%s: the setter sets no timers: %v; noTimers lists it: %v", goos, lacksTimers, slices.Contains(noTimers, goos))
			}
		})
	}
	// Linux's mips architectures use the BSD numbers.
	t.Run("linux/mips", func(t *testing.T) {
		t.Parallel()
		body := "const _ = uint(q.SOL_SOCKET - 0xffff) + uint(0xffff - q.SOL_SOCKET)\nconst _ = uint(q.SO_KEEPALIVE - 8) + uint(8 - q.SO_KEEPALIVE)\n"
		if out, err := vetFor(t, "golang.org/x/sys/unix", "linux", "mips64le", body); err != nil {
			t.Errorf("%v\n%s", err, out)
		}
	})
}

// TestOptionSetterCompiles compiles the declaration, in both its forms
// (generic, and for files before go1.18), ungated and behind each
// gate, with a use of every method, for every system whose syscall has
// SetsockoptInt.
func TestOptionSetterCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles for nine systems")
	}
	uses := `
var _ = net.Dialer{Control: tcpOptions{UserTimeout: 5 * time.Second}.control}
func useConn(c *net.TCPConn) error { return (tcpOptions{Idle: time.Second}).set(c) }
func useFD(fd int) error { return setTCPOptions(syscall.SetsockoptInt, uintptr(fd), tcpOptions{Count: 3}) }
`
	gates := map[string]*gatePlan{
		"none": {},
		"flag": {kind: gateFlag, name: "tcpKeepAlive"},
		"env":  {kind: gateEnv, name: "keepAliveEnv", call: true},
	}
	gateDecls := map[string]string{
		"none": "",
		"flag": "var tcpKeepAlive = new(bool)\n",
		"env":  "var keepAliveEnv = func() net.KeepAliveConfig { return net.KeepAliveConfig{} }\n",
	}
	for _, variant := range setterVariants {
		for name, g := range gates {
			for _, goos := range []string{"linux", "darwin", "windows", "freebsd", "netbsd", "openbsd", "dragonfly", "solaris", "js"} {
				t.Run(variant.name+"/"+name+"/"+goos, func(t *testing.T) {
					t.Parallel()
					dir := t.TempDir()
					src := "package p\n\nimport \"net\"\n\n" + sockoptVariantText(t, g, variant.reflective) + gateDecls[name] + uses
					for file, data := range map[string]string{"go.mod": "module p\n\ngo " + variant.goVersion + "\n", "p.go": src} {
						if err := os.WriteFile(filepath.Join(dir, file), []byte(data), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					arch := "amd64"
					if goos == "js" {
						arch = "wasm"
					}
					cmd := exec.Command("go", "vet", ".")
					cmd.Dir = dir
					cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+arch, "CGO_ENABLED=0", "GOFLAGS=", "GOWORK=off")
					if out, err := cmd.CombinedOutput(); err != nil {
						t.Errorf("GOOS=%s: %v\n%s", goos, err, out)
					}
				})
			}
		}
	}
}

// vetFor type-checks constant declarations using package pkg (as q)
// for goos and goarch.
func vetFor(t *testing.T, pkg, goos, goarch, body string) ([]byte, error) {
	t.Helper()
	dir := t.TempDir()
	src := fmt.Sprintf("package p\n\nimport q %q\n\n%s", pkg, body)
	v, sums := xsys(t)
	gomod := "module p\n\ngo 1.24\n\nrequire golang.org/x/sys " + v + "\n"
	for name, data := range map[string]string{"go.mod": gomod, "go.sum": sums, "p.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "vet", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	return cmd.CombinedOutput()
}

// TestOptionSetterLeavesOtherNetworks runs the declaration on this
// system: a Dialer and a ListenConfig whose Control is the setter's
// still dial and listen on a unix socket (a non-constant network may
// be one), and a TCP connection gets the options.
func TestOptionSetterLeavesOtherNetworks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	dir := t.TempDir()
	src := "package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"net\"\n\t\"os\"\n\t\"path/filepath\"\n)\n\n" + sockoptText(t, &gatePlan{}) + `
func main() {
	ctl := tcpOptions{Idle: 2 * time.Second, Interval: time.Second, Count: 3, UserTimeout: 5 * time.Second}.control
	path := filepath.Join(os.Args[1], "s")
	for _, network := range []string{"unix", "tcp"} {
		addr := path
		if network == "tcp" {
			addr = "127.0.0.1:0"
		}
		ln, err := (&net.ListenConfig{Control: ctl}).Listen(context.Background(), network, addr)
		if err != nil {
			fmt.Println("listen", network, err)
			os.Exit(1)
		}
		go ln.Accept()
		c, err := (&net.Dialer{Control: ctl}).Dial(network, ln.Addr().String())
		if err != nil {
			fmt.Println("dial", network, err)
			os.Exit(1)
		}
		c.Close()
		ln.Close()
	}
	fmt.Println("ok")
}
`
	for name, data := range map[string]string{"go.mod": "module p\n\ngo 1.23\n", "main.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "run", ".", dir)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ok") {
		t.Errorf("a unix socket through the option setter: %v\n%s", err, out)
	}
}

// TestOptionSetterSetsOptions runs both forms of the declaration on
// this system's sockets and reads the options back with getsockopt: a
// Dialer's Control, set on an accepted connection, and setTCPOptions on
// a raw socket. The numbers are Linux's, where the tests run.
func TestOptionSetterSetsOptions(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program")
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads the options back with Linux's numbers")
	}
	const program = readBackFunc + `
func connFD(c net.Conn) string {
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		return err.Error()
	}
	var s string
	rc.Control(func(fd uintptr) { s = readBack(int(fd)) })
	return s
}

func main() {
	o := tcpOptions{Idle: 2 * time.Second, Interval: time.Second, Count: 3, UserTimeout: 5 * time.Second}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	accepted := make(chan net.Conn)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			panic(err)
		}
		accepted <- c
	}()
	d := net.Dialer{KeepAlive: -1, Control: o.control}
	c, err := d.Dial("tcp", ln.Addr().String())
	if err != nil {
		panic(err)
	}
	fmt.Println("dialer", connFD(c))
	a := <-accepted
	if err := o.set(a.(*net.TCPConn)); err != nil {
		panic(err)
	}
	fmt.Println("set", connFD(a))
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		panic(err)
	}
	if err := setTCPOptions(syscall.SetsockoptInt, uintptr(fd), o); err != nil {
		panic(err)
	}
	fmt.Println("raw", readBack(fd))
}
`
	for _, variant := range setterVariants {
		t.Run(variant.name, func(t *testing.T) {
			t.Parallel()
			out := runWithSetter(t, variant.goVersion, variant.reflective, []string{"fmt", "net", "strings"}, program)
			// SO_KEEPALIVE / TCP_KEEPIDLE s / TCP_KEEPINTVL s / TCP_KEEPCNT / TCP_USER_TIMEOUT ms
			want := "dialer 1/2/1/3/5000\nset 1/2/1/3/5000\nraw 1/2/1/3/5000\n"
			if out != want {
				t.Errorf("options read back:\n%s\nwant:\n%s", out, want)
			}
		})
	}
}

// readBackFunc is the source of a function that reads back, with
// Linux's numbers, SO_KEEPALIVE / TCP_KEEPIDLE s / TCP_KEEPINTVL s /
// TCP_KEEPCNT / TCP_USER_TIMEOUT ms of a socket: "1/2/1/3/5000".
const readBackFunc = `
func readBack(fd int) string {
	var vals []string
	for _, o := range [][2]int{{syscall.SOL_SOCKET, syscall.SO_KEEPALIVE}, {syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE}, {syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL}, {syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT}, {syscall.IPPROTO_TCP, 18}} {
		v, err := syscall.GetsockoptInt(fd, o[0], o[1])
		if err != nil {
			return err.Error()
		}
		vals = append(vals, fmt.Sprint(v))
	}
	return strings.Join(vals, "/")
}
`

// runWithSetter runs program, the rest of a main package that imports
// imports and the option setter's (generic, or reflective), in a
// module at goVersion, and returns its output.
func runWithSetter(t *testing.T, goVersion string, reflective bool, imports []string, program string) string {
	t.Helper()
	dir := t.TempDir()
	src := "package main\n\nimport (\n"
	for _, p := range imports {
		src += "\t" + strconv.Quote(p) + "\n"
	}
	src += ")\n\n" + sockoptVariantText(t, &gatePlan{}, reflective) + program
	for name, data := range map[string]string{"go.mod": "module p\n\ngo " + goVersion + "\n", "main.go": src} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return string(out)
}

// TestOptionSetterParts checks that the setter holds what the package's
// fixes call and nothing else (issue 22: no table of options nobody
// asked for), and that each of its shapes compiles for every system.
func TestOptionSetterParts(t *testing.T) {
	cases := []struct {
		name   string
		needs  setterNeeds
		uses   string
		has    []string
		hasNot []string
	}{
		{
			name:   "user timeout of a Dialer",
			needs:  setterNeeds{userTimeout: true, control: true},
			uses:   "var _ = net.Dialer{Control: tcpOptions{UserTimeout: 5 * time.Second}.control}\n",
			has:    []string{"UserTimeout time.Duration", "18, time.Millisecond", "TCP_RXT_CONNDROPTIME", "TCP_MAXRT"},
			hasNot: []string{"Idle", "soKeepAlive", "GOARCH", ") set(", "var _", "for _, opt"},
		},
		{
			name:   "timers of raw sockets",
			needs:  setterNeeds{timers: true},
			uses:   "func useFD(fd int) error { return setTCPOptions(sys.SetsockoptInt, uintptr(fd), tcpOptions{Count: 3}) }\n",
			has:    []string{"Idle, Interval time.Duration", "soKeepAlive"},
			hasNot: []string{"UserTimeout", "control(", ") set(", "var _", "syscall.RawConn", "\"syscall\""},
		},
		{
			name:  "everything",
			needs: allNeeds,
			uses: "var _ = net.Dialer{Control: tcpOptions{UserTimeout: 5 * time.Second}.control}\n" +
				"func useConn(c *net.TCPConn) error { return (tcpOptions{Idle: time.Second}).set(c) }\n",
			has:    []string{"UserTimeout", "Idle", ") set(", "control("},
			hasNot: []string{"var _"},
		},
	}
	for _, c := range cases {
		text := sockoptPartsText(t, &gatePlan{}, false, c.needs)
		for _, want := range c.has {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the setter lacks %q:\n%s", c.name, want, text)
			}
		}
		for _, unwanted := range c.hasNot {
			if strings.Contains(text, unwanted) {
				t.Errorf("%s: the setter has %q:\n%s", c.name, unwanted, text)
			}
		}
		if testing.Short() {
			continue
		}
		for _, goos := range []string{"linux", "darwin", "windows", "openbsd"} {
			dir := t.TempDir()
			src := "package p\n\nimport \"net\"\nimport sys \"syscall\"\n\n" + text + "var _ = sys.AF_INET\nvar _ net.Conn\n" + c.uses
			for file, data := range map[string]string{"go.mod": "module p\n\ngo 1.23\n", "p.go": src} {
				if err := os.WriteFile(filepath.Join(dir, file), []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd := exec.Command("go", "vet", ".")
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=", "GOWORK=off")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s, GOOS=%s: %v\n%s\n%s", c.name, goos, err, out, src)
			}
		}
	}
}

// TestOldKeepAlive checks the KeepAlive value of files older than
// go1.23 and its bound on any toolchain: the interval, capped at Go's
// 15s; max(d, 15s) + 9 x 15s on a Go 1.23+ toolchain (Linux probes a
// live idle peer every max(idle, interval)), (10 + 1) x d at most on an
// older one.
func TestOldKeepAlive(t *testing.T) {
	for _, c := range []struct{ interval, d, bound time.Duration }{
		{10 * time.Second, 10 * time.Second, 150 * time.Second}, // the default: Go's own 2m30s on a Go 1.23+ toolchain
		{5 * time.Second, 5 * time.Second, 150 * time.Second},
		{30 * time.Second, 15 * time.Second, 165 * time.Second}, // 11 x 15s on Windows before Go 1.23, as Go's own default there
	} {
		p := DefaultPolicy()
		p.Interval = c.interval
		if d, bound := oldKeepAlive(p); d != c.d || bound != c.bound {
			t.Errorf("interval %s: KeepAlive %s bound %s, want %s and %s", c.interval, d, bound, c.d, c.bound)
		}
	}
}
