// Command kafixgen writes a synthetic Go module for benchmarking kafix.
//
//	kafixgen -o DIR [-packages 2000] [-lines-per-package 500] [-sites-per-package 5] [-seed 1]
//
// The module (module path kafix.bench/gen, standard library only) has
// the given number of packages in a directory tree, each importing one
// to three earlier ones and calling into them, about
// packages×lines-per-package lines of ordinary code (structs, methods,
// generics, loops, string handling, concurrency), and
// packages×sites-per-package keepalive sites of every kind that the
// keepalive analyzer reports for net, crypto/tls and raw syscall
// sockets, plus negatives that it must not report (UDP and unix
// sockets, dialers with keepalive on). The sites are concentrated in a
// fraction of the packages (-socket-packages), as in real code where
// most packages never touch a socket.
//
// Every site's line ends in a "// kafixgen:site KIND" comment and every
// negative's in "// kafixgen:neg KIND". The output is gofmt-clean,
// builds, passes go vet, and is the same for the same flags and seed.
// With -json, kafixgen prints what it wrote (the counts) as JSON.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ModulePath is the module path of the generated module.
const ModulePath = "kafix.bench/gen"

// Config says what to generate.
type Config struct {
	Dir             string  // output directory (created; must be empty or absent)
	Packages        int     // number of packages
	LinesPerPackage int     // approximate lines per package
	SitesPerPackage float64 // keepalive sites per package, on average
	SocketPackages  float64 // fraction of packages that contain sites
	Seed            uint64
}

// Stats is what Generate wrote.
type Stats struct {
	Dir            string
	Module         string
	Packages       int
	SocketPackages int // packages with at least one site or negative
	Files          int // .go files
	LinuxFiles     int // .go files with a //go:build linux constraint
	Lines          int // lines of all .go files
	ImportEdges    int // imports between generated packages
	Sites          int
	SiteKinds      map[string]int
	Negatives      int
	NegativeKinds  map[string]int
}

func main() {
	var cfg Config
	var asJSON bool
	flag.StringVar(&cfg.Dir, "o", "", "output `dir`ectory (required; must not exist or be empty)")
	flag.IntVar(&cfg.Packages, "packages", 2000, "number of packages")
	flag.IntVar(&cfg.LinesPerPackage, "lines-per-package", 500, "approximate lines of Go per package")
	flag.Float64Var(&cfg.SitesPerPackage, "sites-per-package", 5, "keepalive sites per package, on average over all packages")
	flag.Float64Var(&cfg.SocketPackages, "socket-packages", 0.25, "fraction of packages that contain the sites (the others touch no socket)")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "random seed; the same seed and flags give the same module")
	flag.BoolVar(&asJSON, "json", false, "print the counts as JSON")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: kafixgen -o DIR [flags]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if cfg.Dir == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	st, err := Generate(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "kafixgen:", err)
		os.Exit(1)
	}
	if asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		enc.Encode(st)
		return
	}
	fmt.Printf("kafixgen: wrote %s: %d packages (%d with sockets), %d files (%d linux-only), %d lines, %d import edges, %d sites, %d negatives\n",
		st.Dir, st.Packages, st.SocketPackages, st.Files, st.LinuxFiles, st.Lines, st.ImportEdges, st.Sites, st.Negatives)
}

// pkgPlan is one package to write.
type pkgPlan struct {
	index   int
	name    string // package name, e.g. p0042
	dir     string // slash-separated directory under the module root
	imports []int  // indexes of imported generated packages, ascending
	sites   []use
	negs    []use
	hasRaw  bool // has a //go:build linux raw-socket file
}

// use is one site or negative: a template variant and, for wrapper
// calls, the package whose SysSocket it calls (-1: its own).
type use struct {
	tmpl    *siteTmpl
	variant int
	via     int
}

// Generate writes the module described by cfg.
func Generate(cfg Config) (*Stats, error) {
	if cfg.Packages < 1 {
		return nil, fmt.Errorf("-packages=%d: want at least 1", cfg.Packages)
	}
	if cfg.LinesPerPackage < 1 || cfg.SitesPerPackage < 0 {
		return nil, fmt.Errorf("-lines-per-package and -sites-per-package must be positive")
	}
	if cfg.SocketPackages <= 0 || cfg.SocketPackages > 1 {
		return nil, fmt.Errorf("-socket-packages=%g: want a fraction in (0, 1]", cfg.SocketPackages)
	}
	if ents, err := os.ReadDir(cfg.Dir); err == nil && len(ents) > 0 {
		return nil, fmt.Errorf("%s is not empty", cfg.Dir)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x6b61666978))
	plans := plan(cfg, rng)

	st := &Stats{
		Dir:           cfg.Dir,
		Module:        ModulePath,
		Packages:      len(plans),
		SiteKinds:     map[string]int{},
		NegativeKinds: map[string]int{},
	}
	w := &writer{root: cfg.Dir, st: st}
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(cfg.Dir, "go.mod"), []byte("module "+ModulePath+"\n\ngo 1.26\n"), 0o644); err != nil {
		return nil, err
	}
	for _, p := range plans {
		st.ImportEdges += len(p.imports)
		if len(p.sites)+len(p.negs) > 0 {
			st.SocketPackages++
		}
		for _, u := range p.sites {
			st.Sites++
			st.SiteKinds[u.tmpl.kind]++
		}
		for _, u := range p.negs {
			st.Negatives++
			st.NegativeKinds[u.tmpl.kind]++
		}
		if err := w.writePackage(cfg, plans, p, rng); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// plan decides every package's place, imports and sites before any is
// written, so that a package knows which of its imports have a socket
// wrapper.
func plan(cfg Config, rng *rand.Rand) []*pkgPlan {
	n := cfg.Packages
	width := max(4, len(strconv.Itoa(n-1)))
	plans := make([]*pkgPlan, n)
	for i := range plans {
		name := fmt.Sprintf("p%0*d", width, i)
		plans[i] = &pkgPlan{
			index: i,
			name:  name,
			dir:   path.Join(fmt.Sprintf("svc%02d", i/100), fmt.Sprintf("mod%d", i/10%10), name),
		}
	}
	// Imports: one to three earlier packages, half of them from the same
	// service (the same top directory), the rest from anywhere.
	for i := 1; i < n; i++ {
		k := min(i, 1+rng.IntN(3))
		seen := map[int]bool{}
		for len(seen) < k {
			var j int
			if lo := i / 100 * 100; lo < i && rng.IntN(2) == 0 {
				j = lo + rng.IntN(i-lo)
			} else {
				j = rng.IntN(i)
			}
			seen[j] = true
		}
		for j := range seen {
			plans[i].imports = append(plans[i].imports, j)
		}
		slices.Sort(plans[i].imports)
	}
	// Sites: N×S in total, spread evenly over a random fraction of the
	// packages, kinds and variants in rotation; half as many negatives.
	total := int(float64(n)*cfg.SitesPerPackage + 0.5)
	m := max(1, int(float64(n)*cfg.SocketPackages+0.5))
	if total == 0 {
		m = 0
	}
	chosen := rng.Perm(n)[:m]
	slices.Sort(chosen)
	var sc, nc int
	for c, i := range chosen {
		p := plans[i]
		ns := total / m
		if c < total%m {
			ns++
		}
		for range ns {
			t := &siteKinds[sc%len(siteKinds)]
			p.sites = append(p.sites, use{t, sc / len(siteKinds) % len(t.variants), -1})
			sc++
		}
		for range (ns + 1) / 2 {
			t := &negKinds[nc%len(negKinds)]
			p.negs = append(p.negs, use{t, nc / len(negKinds) % len(t.variants), -1})
			nc++
		}
	}
	for _, p := range plans {
		for _, u := range slices.Concat(p.sites, p.negs) {
			if u.tmpl.raw {
				p.hasRaw = true
			}
		}
	}
	// Calls of a socket wrapper alternate between the package's own
	// SysSocket and an imported one (a cross-package fact).
	for _, p := range plans {
		var rawImports []int
		for _, j := range p.imports {
			if plans[j].hasRaw {
				rawImports = append(rawImports, j)
			}
		}
		for _, us := range [][]use{p.sites, p.negs} {
			for k := range us {
				if strings.Contains(us[k].tmpl.variants[us[k].variant], "$P") && len(rawImports) > 0 && k%2 == 1 {
					us[k].via = rawImports[k/2%len(rawImports)]
				}
			}
		}
	}
	return plans
}

// writer writes files and counts them.
type writer struct {
	root string
	st   *Stats
}

// stdNames maps the names of the standard packages that templates use
// to their paths.
var stdNames = map[string]string{
	"binary":  "encoding/binary",
	"bytes":   "bytes",
	"cmp":     "cmp",
	"context": "context",
	"errors":  "errors",
	"fmt":     "fmt",
	"http":    "net/http",
	"net":     "net",
	"os":      "os",
	"sort":    "sort",
	"strconv": "strconv",
	"strings": "strings",
	"sync":    "sync",
	"syscall": "syscall",
	"time":    "time",
	"tls":     "crypto/tls",
	"unicode": "unicode",
}

func (w *writer) writePackage(cfg Config, plans []*pkgPlan, p *pkgPlan, rng *rand.Rand) error {
	names := map[string]string{} // package name -> import path, for this package
	for k, v := range stdNames {
		names[k] = v
	}
	for _, j := range p.imports {
		names[plans[j].name] = ModulePath + "/" + plans[j].dir
	}
	lines := 0
	put := func(file, constraint, doc, body string) error {
		n, err := w.writeFile(p, file, constraint, doc, body, names)
		lines += n
		return err
	}

	// The package's main file: its exported API and the calls into its
	// imports.
	var b strings.Builder
	fmt.Fprintf(&b, "\n// Name is the package's name.\nconst Name = %q\n", p.name)
	fmt.Fprintf(&b, "\n// Weight is the package's weight.\nconst Weight = %d\n", p.index%89+3)
	dep := "Item"
	if len(p.imports) > 0 {
		dep = plans[p.imports[0]].name + ".Item"
	}
	fmt.Fprintf(&b, `
// Item is the package's element type.
type Item struct {
	Key   string
	Score int
	Dep   *%s
}

// Value mixes x with the package's weight.
func Value(x int) int {
	return (x*Weight)%%97 + len(Name)
}

// Map applies f to each element of s.
func Map[T, U any](s []T, f func(T) U) []U {
	out := make([]U, 0, len(s))
	for _, v := range s {
		out = append(out, f(v))
	}
	return out
}

// Items returns n items with keys derived from the package name.
func Items(n int) []Item {
	items := make([]Item, n)
	for i := range items {
		items[i] = Item{Key: Name + "/" + strconv.Itoa(i), Score: Value(i)}
	}
	return items
}

// Combine mixes xs through this package and its imports.
func Combine(xs []int) []int {
	ys := Map(xs, Value)
`, dep)
	for _, j := range p.imports {
		q := plans[j].name
		fmt.Fprintf(&b, "\tys = %s.Map(ys, func(y int) int { return y + %s.Value(y) + len(%s.Items(1)) })\n", q, q, q)
	}
	b.WriteString("\treturn ys\n}\n")
	doc := fmt.Sprintf("// Package %s is generated by kafixgen: ordinary code and keepalive\n// sites for benchmarking kafix.\n", p.name)
	if err := put(p.name+".go", "", doc, b.String()); err != nil {
		return err
	}

	// Sites and negatives: portable ones in net.go, raw sockets in
	// sock_linux.go.
	var netBody, rawBody strings.Builder
	k := 0
	for _, us := range [][]use{p.sites, p.negs} {
		for _, u := range us {
			k++
			via := ""
			if u.via >= 0 {
				via = plans[u.via].name + "."
			}
			text := strings.NewReplacer("$K", strconv.Itoa(k), "$N", strconv.Itoa(2+rng.IntN(98)), "$P", via).Replace(u.tmpl.variants[u.variant])
			if u.tmpl.raw {
				rawBody.WriteString(text)
			} else {
				netBody.WriteString(text)
			}
		}
	}
	if netBody.Len() > 0 {
		if err := put("net.go", "", "", netBody.String()); err != nil {
			return err
		}
	}
	if p.hasRaw {
		if err := put("sock_linux.go", "linux", "", rawHelpers+rawBody.String()); err != nil {
			return err
		}
	}

	// Ordinary code up to about LinesPerPackage lines, in files of
	// about 250 lines.
	fileNo := 0
	var fb strings.Builder
	fileLines := 0
	flush := func() error {
		if fb.Len() == 0 {
			return nil
		}
		fileNo++
		err := put(fmt.Sprintf("logic%d.go", fileNo), "", "", fb.String())
		fb.Reset()
		fileLines = 0
		return err
	}
	for {
		t := fillers[rng.IntN(len(fillers))]
		k++
		text := strings.NewReplacer("$K", strconv.Itoa(k), "$N", strconv.Itoa(2+rng.IntN(98))).Replace(t)
		n := strings.Count(text, "\n")
		if lines+fileLines+n/2 > cfg.LinesPerPackage {
			break
		}
		if fileLines+n > 250 {
			if err := flush(); err != nil {
				return err
			}
		}
		fb.WriteString(text)
		fileLines += n
	}
	if err := flush(); err != nil {
		return err
	}
	w.st.Lines += lines
	return nil
}

// writeFile assembles, formats and writes one file, adding the imports
// its body uses, and returns its line count.
func (w *writer) writeFile(p *pkgPlan, file, constraint, doc, body string, names map[string]string) (int, error) {
	var head strings.Builder
	if constraint != "" {
		fmt.Fprintf(&head, "//go:build %s\n\n", constraint)
	}
	head.WriteString(doc)
	fmt.Fprintf(&head, "package %s\n", p.name)

	// Find the packages the body refers to: X in X.Sel where X is a
	// known package name (the templates declare no local variables with
	// those names).
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, head.String()+body, parser.SkipObjectResolution)
	if err != nil {
		return 0, fmt.Errorf("%s/%s: generated bad code: %v", p.dir, file, err)
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && names[id.Name] != "" {
				used[names[id.Name]] = true
			}
		}
		return true
	})
	var std, mod []string
	for ip := range used {
		if strings.HasPrefix(ip, ModulePath+"/") {
			mod = append(mod, ip)
		} else {
			std = append(std, ip)
		}
	}
	slices.Sort(std)
	slices.Sort(mod)
	var src bytes.Buffer
	src.WriteString(head.String())
	if len(used) > 0 {
		src.WriteString("\nimport (\n")
		for i, group := range [][]string{std, mod} {
			if i > 0 && len(std) > 0 && len(mod) > 0 {
				src.WriteString("\n")
			}
			for _, ip := range group {
				fmt.Fprintf(&src, "\t%q\n", ip)
			}
		}
		src.WriteString(")\n")
	}
	src.WriteString(body)
	out, err := format.Source(src.Bytes())
	if err != nil {
		return 0, fmt.Errorf("%s/%s: generated bad code: %v", p.dir, file, err)
	}
	dir := filepath.Join(w.root, filepath.FromSlash(p.dir))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, err
	}
	if err := os.WriteFile(filepath.Join(dir, file), out, 0o644); err != nil {
		return 0, err
	}
	w.st.Files++
	if constraint != "" {
		w.st.LinuxFiles++
	}
	return bytes.Count(out, []byte("\n")), nil
}
