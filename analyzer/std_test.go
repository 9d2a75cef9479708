package analyzer

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	driver "golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestStdExportsNoFacts checks what kafix's driver relies on to skip
// the standard library when it is only a dependency: no package of
// it that other code can import exports a fact, so no helper or socket
// constructor of std can cover or create a site elsewhere.
func TestStdExportsNoFacts(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the standard library")
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule}, "std")
	if err != nil {
		t.Fatal(err)
	}
	graph, err := driver.Analyze([]*analysis.Analyzer{Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	packagesWithFacts := 0
	for act := range graph.All() {
		own := act.Package.Types
		importable := !strings.Contains(act.Package.PkgPath, "internal/") && !strings.HasPrefix(act.Package.PkgPath, "vendor/")
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == own && importable {
				t.Errorf("%s exports %s: %v", act.Package.PkgPath, f.Object, f.Fact)
			}
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package == own {
				packagesWithFacts++ // net/internal/socktest: the test can see facts
			}
		}
	}
	if packagesWithFacts == 0 {
		t.Errorf("no std package exports a fact: net/internal/socktest's Switch.Socket should, as a socket constructor")
	}
}
