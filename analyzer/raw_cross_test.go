package analyzer_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// rawBuilds lists, per raw test package, the systems its original
// source builds for. The test checks this first, so that "the fix
// builds wherever the original did" is never vacuous.
var rawBuilds = map[string][]string{
	// GOPATH packages (syscall).
	"rawstyle":          {"linux"},
	"rawshape":          {"linux", "darwin"},
	"rawwrap/sock":      {"linux", "darwin", "freebsd", "netbsd", "openbsd"},
	"rawwrap/use":       {"linux"},
	"rawret/sock":       {"linux", "darwin", "freebsd", "netbsd", "openbsd"},
	"rawret/use":        {"linux"},
	"rawhelper":         {"linux", "darwin", "freebsd", "netbsd", "openbsd"},
	"rawcover":          {"linux", "darwin", "freebsd", "netbsd", "openbsd"},
	"rawneg":            {"linux", "freebsd", "netbsd", "openbsd"},
	"rawretry":          {"linux"},
	"rawtags":           {"linux", "darwin", "freebsd", "netbsd", "openbsd", "windows"},
	"fdhelper/same":     {"linux", "darwin", "freebsd"},
	"fdhelper/sockutil": {"linux"},
	"fdhelper/useimp":   {"linux"},
	"fdhelper/nofit":    {"linux"},
	// The module testdata/rawunix (x/sys/unix).
	"rawunix/client": {"linux", "darwin", "freebsd", "netbsd", "openbsd"},
	"rawunix/ctor":   {"linux", "freebsd", "netbsd", "openbsd"},
	"rawunix/caller": {"linux"},
}

// TestRawGoldensCompile proves that the raw fixes compile wherever the
// code compiled before: it builds every raw test package as written
// and as its .golden files have it (tests included: go vet compiles
// them) for linux, darwin, freebsd, netbsd, openbsd and windows, and
// requires the fixed package to build for every system the original
// builds for. It then analyzes the fixed packages again for each
// system: nothing is left to report (idempotence).
func TestRawGoldensCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles the raw goldens for six systems")
	}
	var gopathPkgs, modPkgs []string
	for pkg := range rawBuilds {
		if rel, ok := strings.CutPrefix(pkg, "rawunix/"); ok {
			modPkgs = append(modPkgs, "./"+rel)
		} else {
			gopathPkgs = append(gopathPkgs, pkg)
		}
	}
	slices.Sort(gopathPkgs)
	slices.Sort(modPkgs)

	// Two copies of each tree: as written, and fixed.
	orig, fixed := t.TempDir(), t.TempDir()
	for _, pkg := range gopathPkgs {
		copyTree(t, filepath.Join(testdata(t), "src", pkg), filepath.Join(orig, "src", pkg))
		copyTree(t, filepath.Join(testdata(t), "src", pkg), filepath.Join(fixed, "src", pkg))
	}
	rawUnixModule(t) // its modules in the cache
	copyTree(t, filepath.Join(testdata(t), "rawunix"), filepath.Join(orig, "rawunix"))
	copyTree(t, filepath.Join(testdata(t), "rawunix"), filepath.Join(fixed, "rawunix"))
	goldens := applyGoldens(t, fixed, ".golden")
	if goldens < 15 {
		t.Fatalf("only %d golden files applied", goldens)
	}

	gopathEnv := func(root string) []string {
		return []string{"GOPATH=" + root, "GO111MODULE=off", "GOFLAGS=", "GOWORK=off"}
	}
	modEnv := []string{"GO111MODULE=on", "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off"}

	type build struct {
		pkg, goos string
		ok        bool
		out       string
	}
	var mu sync.Mutex
	results := map[[3]string]build{} // tree, pkg, goos
	var wg sync.WaitGroup
	for _, tree := range []string{orig, fixed} {
		for _, goos := range crossGOOS {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, pkg := range gopathPkgs {
					ok, out := vet(filepath.Join(tree, "src"), gopathEnv(tree), goos, pkg)
					mu.Lock()
					results[[3]string{tree, pkg, goos}] = build{pkg, goos, ok, out}
					mu.Unlock()
				}
				for _, pkg := range modPkgs {
					ok, out := vet(filepath.Join(tree, "rawunix"), modEnv, goos, pkg)
					name := "rawunix/" + strings.TrimPrefix(pkg, "./")
					mu.Lock()
					results[[3]string{tree, name, goos}] = build{name, goos, ok, out}
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()

	for pkg, want := range rawBuilds {
		for _, goos := range crossGOOS {
			o := results[[3]string{orig, pkg, goos}]
			f := results[[3]string{fixed, pkg, goos}]
			if o.ok != slices.Contains(want, goos) {
				t.Errorf("%s as written, GOOS=%s: builds=%v, want %v\n%s", pkg, goos, o.ok, !o.ok, o.out)
			}
			if o.ok && !f.ok {
				t.Errorf("%s fixed does not build for GOOS=%s, as written it does:\n%s", pkg, goos, f.out)
			}
		}
	}
	if t.Failed() {
		return
	}

	// Idempotence: the fixed packages have nothing left to report,
	// for each system they build for.
	for _, goos := range crossGOOS {
		var gp, mods []string
		for _, pkg := range gopathPkgs {
			if results[[3]string{fixed, pkg, goos}].ok {
				gp = append(gp, pkg)
			}
		}
		for _, pkg := range modPkgs {
			if results[[3]string{fixed, "rawunix/" + strings.TrimPrefix(pkg, "./"), goos}].ok {
				mods = append(mods, pkg)
			}
		}
		goosEnv := []string{"GOOS=" + goos, "GOARCH=amd64", "CGO_ENABLED=0"}
		reanalyze(t, filepath.Join(fixed, "src"), append(gopathEnv(fixed), goosEnv...), gp)
		reanalyze(t, filepath.Join(fixed, "rawunix"), append(slices.Clone(modEnv), goosEnv...), mods)
	}
}

// applyGoldens replaces each Go file under root that has a golden, its
// name followed by suffix (".golden", or autoGolden), by it, and
// reports how many it replaced.
func applyGoldens(t *testing.T, root, suffix string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(path, ".go"+suffix) {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		return os.WriteFile(strings.TrimSuffix(path, suffix), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// vet type-checks pkg, its tests included, for goos.
func vet(dir string, env []string, goos, pkg string) (bool, string) {
	cmd := exec.Command("go", "vet", pkg)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append(env, "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=0")...)
	out, err := cmd.CombinedOutput()
	return err == nil, fmt.Sprintf("GOOS=%s go vet %s: %v\n%s", goos, pkg, err, out)
}

// reanalyze runs the analyzer on the fixed packages and fails on any
// diagnostic.
func reanalyze(t *testing.T, dir string, env []string, patterns []string) {
	t.Helper()
	if len(patterns) == 0 {
		return
	}
	for _, d := range remainingSites(t, dir, env, patterns, defaultConfig()) {
		t.Errorf("%v: after the fix: %s: %s", env, d.posn, d.message)
	}
}
