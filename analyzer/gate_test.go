package analyzer_test

import (
	"bytes"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/fixer"
	"github.com/kafix/kafix/fixer/textedit"
)

// Gating (-gate=flag, -gate=env): golden tests for every net and
// crypto/tls site kind under each gate, for programs and libraries,
// for files older than go1.23 (and go1.21), for a package fixed before,
// and for the cases where no flag can be generated.

func gateConfig(gate string) analyzer.Config {
	cfg := defaultConfig()
	cfg.Policy.Gate = fixer.Gate(gate)
	return cfg
}

func gateTestdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// gateCase is one run of the analyzer over testdata packages.
type gateCase struct {
	name     string
	module   string // a module directory under testdata; "" for testdata/src (GOPATH)
	gate     string
	patterns []string
}

var gateCases = []gateCase{
	{"flag", "", "flag", []string{
		"gateflag",     // one flag for a program of two files and every site kind
		"gatelib",      // a library: an exported variable, in the file named after it
		"gatenoparse",  // no flag.Parse in the program (only in its TestMain): a variable
		"gateuserflag", // the program's own -tcp-keepalive flag is reused
		"gatetaken",    // -tcp-keepalive is a Duration flag already: no fix
		"gatename",     // tcpKeepAlive is taken: tcpKeepAlive2; a site that shadows it: no fix
	}},
	{"env", "", "env", []string{
		"gateenv",      // a program of two files and every site kind
		"gateenvlib",   // a library, declared in the file with the package comment
		"gateenvreuse", // a reader of that name and shape exists: reused
	}},
	// Raw syscall sockets: Socket, a socket constructor's call, a
	// listening socket (Linux: its accepted sockets inherit), and
	// SO_KEEPALIVE set to 0, which a gate cannot switch in place (no
	// fix). The environment's reader of a package that does not link
	// package net uses a struct of its own, not net.KeepAliveConfig.
	{"raw-flag", "", "flag", []string{"gaterawflag"}},
	{"raw-env", "", "env", []string{"gaterawenv"}},
	// A gate from an earlier run wins, whatever -gate says now.
	{"existing-none", "", "none", []string{"gateexisting"}},
	{"existing-flag", "", "flag", []string{"gateexisting"}},
	{"existing-env", "", "env", []string{"gateexisting"}},
	// Before go1.23 (KeepAlive only) and before go1.21 (no sync.OnceValue).
	{"old-flag", "gateold", "flag", []string{"./flagprog"}},
	{"old-env", "gateold", "env", []string{"./envprog"}},
	{"go120-env", "gatego120", "env", []string{"./envprog"}},
}

// TestGateGoldens checks the diagnostics and fixes of every case
// against // want comments and .golden files, the way every driver
// built on analysistest's merge sees them.
func TestGateGoldens(t *testing.T) {
	for _, c := range gateCases {
		t.Run(c.name, func(t *testing.T) {
			dir := gateTestdata(t)
			if c.module != "" {
				dir = filepath.Join(dir, c.module)
			}
			runWithFixes(t, dir, analyzer.New(gateConfig(c.gate)), c.patterns...)
		})
	}
}

// TestGateFixesMergeStrictly applies the fixes of each case the way the
// strictest driver does (kafix's own: identical edits merge, any other
// overlap, even two insertions at one offset, is a conflict), to the
// package and its test variant together, and requires:
//   - no conflict at all, so one run fixes every site;
//   - every fix of a package carries the same gate declaration, so that
//     each fix compiles when applied alone (gopls applies one at a time);
//   - the result equal, byte for byte, to the .golden files: gofmt-clean
//     without any driver's reformatting;
//   - the result builds and vets for linux, darwin and windows;
//   - a second run, under any gate, finds nothing left to fix.
func TestGateFixesMergeStrictly(t *testing.T) {
	if testing.Short() {
		t.Skip("loads, builds and vets every case")
	}
	for _, c := range gateCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			root, env := gateCopy(t, c)
			pkgs := gateLoad(t, root, env, c.patterns)
			graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.New(gateConfig(c.gate))}, pkgs, nil)
			if err != nil {
				t.Fatal(err)
			}

			byFile := make(map[string][]textedit.Edit)
			fixes := 0
			unfixed := make(map[token.Position]bool) // sites the case leaves without a fix
			// Per package: the gate declaration as its fixes carry it,
			// and how many fixes it has, with and without it.
			declEdits := make(map[string][]gateEdit)
			declFixes := make(map[string]int)
			pkgFixes := make(map[string]int)
			for act := range graph.All() {
				if !act.IsRoot {
					continue
				}
				if act.Err != nil {
					t.Fatalf("%s: %v", act.Package.ID, act.Err)
				}
				for _, d := range act.Diagnostics {
					if len(d.SuggestedFixes) == 0 {
						unfixed[act.Package.Fset.Position(d.Pos)] = true
						continue
					}
					fixes++
					pkg := act.Package.PkgPath
					pkgFixes[pkg]++
					fix := d.SuggestedFixes[0]
					var decl []gateEdit
					for _, te := range fix.TextEdits {
						e := gateEditOf(act.Package.Fset, te)
						if bytes.Contains(te.NewText, []byte("//kafix:gate")) {
							decl = append(decl, e)
						}
						// Each edit merges as the driver merges a fix
						// (textedit.Merge): an identical edit is kept
						// once; any overlap, two insertions at one
						// offset included, is a conflict.
						merged, ok := textedit.Merge(byFile[e.file], []textedit.Edit{e.Edit})
						if !ok {
							t.Errorf("%s: the fix conflicts with another one in %s at offset %d", act.Package.Fset.Position(d.Pos), e.file, e.Start)
							continue
						}
						byFile[e.file] = merged
					}
					if decl != nil {
						declFixes[pkg]++
						if declEdits[pkg] == nil {
							declEdits[pkg] = decl
						} else if !slices.Equal(declEdits[pkg], decl) {
							t.Errorf("%s: its gate declaration differs from another fix's:\n%+v\n%+v", act.Package.Fset.Position(d.Pos), decl, declEdits[pkg])
						}
					}
				}
			}
			for pkg, n := range pkgFixes {
				if declEdits[pkg] != nil && declFixes[pkg] != n {
					t.Errorf("%s: %d of %d fixes carry the gate declaration; each must, to compile alone", pkg, declFixes[pkg], n)
				}
				t.Logf("%s: %d fixes (both variants), %d carrying the gate declaration", pkg, n, declFixes[pkg])
			}

			// Apply and compare with the goldens, byte for byte.
			for file, edits := range byFile {
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				out := textedit.Apply(src, edits)
				rel, _ := filepath.Rel(root, file)
				want, err := os.ReadFile(filepath.Join(gateTestdataDir(t, c), rel) + ".golden")
				if err != nil {
					t.Errorf("%s changed, but: %v", rel, err)
				} else if !bytes.Equal(out, want) {
					t.Errorf("%s: the strictly merged fixes differ from %s.golden:\n%s", rel, rel, out)
				}
				if err := os.WriteFile(file, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}

			// The fixed code builds and vets everywhere.
			for _, goos := range []string{"linux", "darwin", "windows"} {
				cmd := exec.Command("go", append([]string{"vet"}, c.patterns...)...)
				cmd.Dir = root
				cmd.Env = append(os.Environ(), append(env, "GOOS="+goos, "CGO_ENABLED=0")...)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("GOOS=%s go vet: %v\n%s", goos, err, out)
				}
			}

			// A second run finds nothing new, under any gate: only the
			// sites that had no fix are left.
			fixed := gateLoad(t, root, env, c.patterns)
			for _, gate := range []string{"none", "flag", "env"} {
				graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.New(gateConfig(gate))}, fixed, nil)
				if err != nil {
					t.Fatal(err)
				}
				left := make(map[token.Position]string)
				for act := range graph.All() {
					if act.IsRoot {
						for _, d := range act.Diagnostics {
							left[act.Package.Fset.Position(d.Pos)] = d.Message
						}
					}
				}
				if len(left) != len(unfixed) {
					t.Errorf("-gate=%s after the fix: %d sites, want the %d left without a fix: %v", gate, len(left), len(unfixed), left)
				}
			}
		})
	}
}

// TestGateDeclaredOnce checks, on the fixed gateflag and gateenv
// programs, that the package declares exactly one gate, in the file of
// func main, however many files and sites use it.
func TestGateDeclaredOnce(t *testing.T) {
	for _, c := range []struct{ pkg, decl string }{
		{"gateflag", "var tcpKeepAlive = flag.Bool(\"tcp-keepalive\", true, "},
		{"gateenv", "var keepAliveEnv = sync.OnceValue(func() (ka net.KeepAliveConfig) {"},
	} {
		dir := filepath.Join(gateTestdata(t), "src", c.pkg)
		decls, uses := 0, map[string]int{}
		for _, name := range []string{"main.go", "conns.go"} {
			src, err := os.ReadFile(filepath.Join(dir, name+".golden"))
			if err != nil {
				t.Fatal(err)
			}
			decls += bytes.Count(src, []byte("//kafix:gate"))
			if name == "main.go" && !bytes.Contains(src, []byte(c.decl)) {
				t.Errorf("%s/main.go.golden does not declare %q", c.pkg, c.decl)
			}
			ident := strings.Fields(c.decl)[1]
			uses[name] = bytes.Count(src, []byte(ident)) - bytes.Count(src, []byte("var "+ident))
		}
		if decls != 1 {
			t.Errorf("%s: %d gate declarations, want 1", c.pkg, decls)
		}
		if uses["main.go"] == 0 || uses["conns.go"] < 14 {
			t.Errorf("%s: gate used %v times per file; want it in both files, at every site", c.pkg, uses)
		}
	}
}

// gateEdit is one edit of a file, as byte offsets.
type gateEdit struct {
	file string
	textedit.Edit
}

func gateEditOf(fset *token.FileSet, te analysis.TextEdit) gateEdit {
	tf := fset.File(te.Pos)
	end := te.End
	if !end.IsValid() {
		end = te.Pos
	}
	return gateEdit{tf.Name(), textedit.Edit{Start: tf.Offset(te.Pos), End: tf.Offset(end), Text: string(te.NewText)}}
}

// gateTestdataDir is where the case's packages live in testdata.
func gateTestdataDir(t *testing.T, c gateCase) string {
	if c.module != "" {
		return filepath.Join(gateTestdata(t), c.module)
	}
	return filepath.Join(gateTestdata(t), "src")
}

// gateDeps are GOPATH packages that the cases import.
var gateDeps = []string{"gaterawsock"}

// gateCopy copies the case's packages, without goldens, to a temp dir:
// a GOPATH or a module. It returns the directory the paths of the
// goldens are relative to, and the go command's environment.
func gateCopy(t *testing.T, c gateCase) (string, []string) {
	t.Helper()
	tmp := t.TempDir()
	if c.module != "" {
		gateCopyTree(t, filepath.Join(gateTestdata(t), c.module), tmp)
		return tmp, []string{"GO111MODULE=on", "GOFLAGS=", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local"}
	}
	for _, p := range append(c.patterns, gateDeps...) {
		gateCopyTree(t, filepath.Join(gateTestdata(t), "src", p), filepath.Join(tmp, "src", p))
	}
	return filepath.Join(tmp, "src"), []string{"GOPATH=" + tmp, "GO111MODULE=off", "GOFLAGS=", "GOWORK=off"}
}

func gateCopyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if strings.HasSuffix(path, ".golden") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func gateLoad(t *testing.T, dir string, env, patterns []string) []*packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Dir:   dir,
		Tests: true,
		Env:   append(os.Environ(), env...),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("%d errors loading %v", n, patterns)
	}
	return pkgs
}
