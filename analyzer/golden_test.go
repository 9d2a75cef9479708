package analyzer_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/kafix/kafix/analyzer"
)

// crossGOOS are the systems every fixed package must still build for.
var crossGOOS = []string{"linux", "darwin", "freebsd", "netbsd", "openbsd", "windows"}

// netGoldenPackages are the GOPATH packages under testdata/src whose
// .golden files TestNetSites checks.
var netGoldenPackages = []string{"dial", "listen", "tlssite", "conn", "connstyle", "shadow", "dotimport", "socketfiles", "control", "rawlistener", "fdtaken", "funcvalue", "loopback", "dialerfield", "reuse", "reuseassigned", "testsonly", "setterplace", "probe", "freshname", "tlsrefusal", "netbranch", "registry"}

// TestGoldensCompileAndSettle proves the fixes by compiling them: it
// replaces each file by its .golden, vets the packages (tests
// included) for every GOOS of crossGOOS, and runs the analyzer again,
// which must find nothing it can fix.
func TestGoldensCompileAndSettle(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the goldens for six systems")
	}
	gopath := t.TempDir()
	copyTree(t, filepath.Join(testdata(t), "src"), filepath.Join(gopath, "src"))
	env := []string{"GOPATH=" + gopath, "GO111MODULE=off", "GOFLAGS=", "GOWORK=off"}
	checkFixed(t, gopath, env, netGoldenPackages, ".golden", defaultConfig())
	// A site that has no fix under a user timeout (a Control assigned
	// anew) has one without it: each settles under its own policy.
	autoGopath := t.TempDir()
	copyTree(t, filepath.Join(testdata(t), "src"), filepath.Join(autoGopath, "src"))
	checkFixed(t, autoGopath, []string{"GOPATH=" + autoGopath, "GO111MODULE=off", "GOFLAGS=", "GOWORK=off"}, policyPackages, autoGolden, autoConfig())

	for _, m := range append(oldGoModules, "oldgoauto") {
		mod := t.TempDir()
		copyTree(t, filepath.Join(testdata(t), m), mod)
		cfg := defaultConfig()
		if m == "oldgoauto" {
			cfg = autoConfig()
		}
		checkFixed(t, mod, []string{"GO111MODULE=on", "GOFLAGS=", "GOWORK=off", "GOPROXY=off"}, []string{"./..."}, ".golden", cfg)
	}
}

// oldGoModules are the testdata modules whose go line predates an API
// that fixes use: net.KeepAliveConfig (go1.23), generics (go1.18).
var oldGoModules = []string{"oldgo", "oldgo117"}

// checkFixed replaces each file under dir by its golden, the file's
// name followed by goldenSuffix, vets the packages for every system of
// crossGOOS, and analyzes them again under cfg: only the sites that
// had no fix may remain.
func checkFixed(t *testing.T, dir string, env []string, patterns []string, goldenSuffix string, cfg analyzer.Config) {
	t.Helper()
	applyGoldens(t, dir, goldenSuffix)
	workDir := dir
	if _, err := os.Stat(filepath.Join(dir, "src")); err == nil {
		workDir = filepath.Join(dir, "src")
	}
	for _, goos := range crossGOOS {
		cmd := exec.Command("go", append([]string{"vet"}, patterns...)...)
		cmd.Dir = workDir
		cmd.Env = append(os.Environ(), append(env, "GOOS="+goos, "CGO_ENABLED=0")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("GOOS=%s go vet %v: %v\n%s", goos, patterns, err, out)
		}
	}

	left := 0
	for _, d := range remainingSites(t, workDir, env, patterns, cfg) {
		// Only the sites that had no fix may remain.
		if !strings.Contains(d.message, "no automatic fix") {
			t.Errorf("%s: after the fix: %s", d.posn, d.message)
		}
		left++
	}
	t.Logf("%v: %d sites left without a fix, as expected", patterns, left)
}

// A remaining site is a diagnostic found on fixed code.
type remaining struct {
	posn    string
	message string
}

// remainingSites runs the analyzer on the (fixed) packages and returns
// what it still reports; it fails the test if a package does not
// analyze or none does.
func remainingSites(t *testing.T, dir string, env []string, patterns []string, config analyzer.Config) []remaining {
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
	config.Tests = true // the goldens hold the fixes of test files too
	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.New(config)}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []remaining
	roots := 0
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		roots++
		if act.Err != nil {
			t.Errorf("%v %s: %v", env, act.Package.ID, act.Err)
		}
		for _, d := range act.Diagnostics {
			out = append(out, remaining{act.Package.Fset.Position(d.Pos).String(), d.Message})
		}
	}
	if roots == 0 {
		t.Errorf("%v: no package analyzed for %v", env, patterns)
	}
	return out
}

func copyTree(t *testing.T, from, to string) {
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
