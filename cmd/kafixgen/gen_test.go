package main

import (
	"bytes"
	"go/format"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// siteLine says what a site's line must contain, by kind.
var siteLine = map[string]string{
	"net.Dial":                  "net.Dial(",
	"net.DialTimeout":           "net.DialTimeout(",
	"net.DialTCP":               "net.DialTCP(",
	"net.Dialer literal":        "net.Dialer{",
	"var net.Dialer":            "var d net.Dialer",
	"new(net.Dialer)":           "new(net.Dialer)",
	"net.Listen":                "net.Listen(\"tcp\"",
	"net.ListenConfig literal":  "net.ListenConfig{}",
	"net.ListenTCP accept loop": "net.ListenTCP(",
	"tls.Dial":                  "tls.Dial(\"tcp\"",
	"tls.Listen":                "tls.Listen(\"tcp\"",
	"SetKeepAlive(false)":       ".SetKeepAlive(false)",
	"KeepAlive: -1":             "KeepAlive: -1",
	"http.Transport dialer":     "(&net.Dialer{",
	"syscall.Socket":            "syscall.Socket(syscall.AF_INET",
	"socket wrapper call":       "SysSocket(syscall.AF_INET",
}

var markRE = regexp.MustCompile(`// (kafixgen:site|kafixgen:neg) (.+)$`)

// tree is what a walk of a generated module finds.
type tree struct {
	packages, files, linuxFiles, lines, importEdges int
	sites, negs                                     map[string]int
	contents                                        map[string][]byte // by slash path
}

func walk(t *testing.T, dir string) *tree {
	t.Helper()
	tr := &tree{sites: map[string]int{}, negs: map[string]int{}, contents: map[string][]byte{}}
	pkgs := map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		tr.contents[filepath.ToSlash(rel)] = data
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		pkgs[filepath.Dir(path)] = true
		tr.files++
		tr.lines += bytes.Count(data, []byte("\n"))
		linux := bytes.HasPrefix(data, []byte("//go:build linux\n"))
		if linux {
			tr.linuxFiles++
		}
		if got, err := format.Source(data); err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s is not gofmt-clean (%v)", rel, err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, data, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); strings.HasPrefix(p, ModulePath+"/") && !linux && strings.HasPrefix(filepath.Base(path), "p") {
				tr.importEdges++ // the package's main file imports every generated import
			}
		}
		for i, line := range strings.Split(string(data), "\n") {
			m := markRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			kind := m[2]
			if m[1] == siteMark {
				tr.sites[kind]++
				want, ok := siteLine[kind]
				if !ok {
					t.Errorf("%s:%d: unknown site kind %q", rel, i+1, kind)
				} else if !strings.Contains(line, want) {
					t.Errorf("%s:%d: site %q: line does not contain %q: %s", rel, i+1, kind, want, line)
				}
			} else {
				tr.negs[kind]++
			}
			if (strings.Contains(line, "syscall.") || strings.Contains(line, "SysSocket")) && !linux {
				t.Errorf("%s:%d: raw socket outside a //go:build linux file", rel, i+1)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tr.packages = len(pkgs)
	return tr
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Dir: dir, Packages: 20, LinesPerPackage: 500, SitesPerPackage: 5, SocketPackages: 0.25, Seed: 1}
	st, err := Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tr := walk(t, dir)

	// The counts it claims are the counts it wrote.
	if st.Packages != 20 || tr.packages != 20 {
		t.Errorf("packages: claimed %d, wrote %d, want 20", st.Packages, tr.packages)
	}
	if st.Files != tr.files || st.LinuxFiles != tr.linuxFiles || st.Lines != tr.lines || st.ImportEdges != tr.importEdges {
		t.Errorf("claimed files=%d linux=%d lines=%d edges=%d, wrote files=%d linux=%d lines=%d edges=%d",
			st.Files, st.LinuxFiles, st.Lines, st.ImportEdges, tr.files, tr.linuxFiles, tr.lines, tr.importEdges)
	}
	if st.Sites != 100 || sum(tr.sites) != st.Sites || sum(st.SiteKinds) != st.Sites {
		t.Errorf("sites: claimed %d (%d by kind), wrote %d, want 100", st.Sites, sum(st.SiteKinds), sum(tr.sites))
	}
	if st.Negatives != 50 || sum(tr.negs) != st.Negatives {
		t.Errorf("negatives: claimed %d, wrote %d, want 50", st.Negatives, sum(tr.negs))
	}
	for _, k := range siteKinds {
		if tr.sites[k.kind] == 0 || tr.sites[k.kind] != st.SiteKinds[k.kind] {
			t.Errorf("site kind %q: claimed %d, wrote %d", k.kind, st.SiteKinds[k.kind], tr.sites[k.kind])
		}
	}
	for _, k := range negKinds {
		if tr.negs[k.kind] == 0 || tr.negs[k.kind] != st.NegativeKinds[k.kind] {
			t.Errorf("negative kind %q: claimed %d, wrote %d", k.kind, st.NegativeKinds[k.kind], tr.negs[k.kind])
		}
	}
	if st.SocketPackages != 5 {
		t.Errorf("socket packages = %d, want 5", st.SocketPackages)
	}
	if lo, hi := 20*500*9/10, 20*500*11/10; tr.lines < lo || tr.lines > hi {
		t.Errorf("lines = %d, want about %d", tr.lines, 20*500)
	}
	if tr.importEdges < 19 || tr.importEdges > 19*3 {
		t.Errorf("import edges = %d, want 1 to 3 per package after the first", tr.importEdges)
	}
	if got := string(tr.contents["go.mod"]); got != "module kafix.bench/gen\n\ngo 1.26\n" {
		t.Errorf("go.mod = %q", got)
	}

	// It compiles and vets cleanly.
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

func TestDeterministic(t *testing.T) {
	gen := func(seed uint64) *tree {
		dir := t.TempDir()
		if _, err := Generate(Config{Dir: dir, Packages: 12, LinesPerPackage: 300, SitesPerPackage: 3, SocketPackages: 0.5, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		return walk(t, dir)
	}
	a, b, c := gen(7), gen(7), gen(8)
	if len(a.contents) != len(b.contents) {
		t.Fatalf("same seed: %d files, then %d", len(a.contents), len(b.contents))
	}
	for name, data := range a.contents {
		if !bytes.Equal(data, b.contents[name]) {
			t.Errorf("same seed, different %s", name)
		}
	}
	same := len(a.contents) == len(c.contents)
	for name, data := range a.contents {
		same = same && bytes.Equal(data, c.contents[name])
	}
	if same {
		t.Errorf("seeds 7 and 8 gave the same module")
	}
}

func TestRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), nil, 0o644)
	if _, err := Generate(Config{Dir: dir, Packages: 1, LinesPerPackage: 10, SitesPerPackage: 1, SocketPackages: 1, Seed: 1}); err == nil {
		t.Error("Generate into a non-empty directory succeeded")
	}
}
