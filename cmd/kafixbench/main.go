// Command kafixbench measures what kafix costs next to the analyzers a
// user already runs on the same packages.
//
//	go run ./cmd/kafixbench [-n 5] [-workloads std,gen,gen2x,vet] [-packages 2000] [-keep] [-dir DIR]
//
// It builds kafix and its floors into a temporary directory, then, for
// each workload, runs interleaved repetitions of
//
//	realfloor PATTERN
//	floor -check -tests PATTERN
//	kafix -check -tests PATTERN
//	kafix -diff -tests PATTERN
//
// measuring each child's wall time, CPU time and peak RSS. The real
// floor (cmd/kafixbench/realfloor) is the plain x/tools driver,
// singlechecker, with an analyzer that visits every call, declares no
// facts and reports nothing: the cheapest linter a user runs. The
// driver floor (cmd/kafixbench/floor) runs through kafix's own driver
// with an analyzer that declares a fact type and does nothing: it pays
// what kafix's driver pays for loading, so it shows what the analysis
// itself costs, but not what the driver costs (-driver-floor=false
// leaves it out).
//
// It prints the medians and, for each floor, the paired ratios: the
// median over the repetitions of each run's ratio to the floor's run in
// the same repetition, steadier than a ratio of medians on a busy
// machine. The ratios to the real floor are flagged against the goals:
// check ≤ 1.10× the floor's wall time, diff ≤ 1.25×, peak memory
// ≤ 1.20×, and doubling the module at most doubles the time plus 10%
// (gen2x/gen ≤ 2.2).
//
// The vet workload runs go vet -vettool=noopvet std and go vet
// -vettool=kafix std in turn (cmd/kafixbench/noopvet: unitchecker with
// the real floor's analyzer), goal ≤ 1.10×. The go command caches vet
// results under the tool's content hash, so each run gets a fresh copy
// of its tool with a different nonce appended: every run vets every
// package (the compiled export data stay cached, as in a user's
// repeated runs).
//
// For the generated modules it also prints how many of the sites that
// kafixgen marked kafix -check reported, by kind, and whether it
// reported any marked negative. Any exit status other than 0 (the
// floors), 0 or 3 (kafix -check), 0 or 1 (kafix -diff, go vet
// -vettool=kafix, which exits 1 when kafix reports a site) marks the
// workload as failed: its figures are still printed and kafixbench
// exits 1. -out writes every sample as JSON, -src builds kafix from
// another checkout, -dir keeps the work directory and reuses the
// modules an earlier run generated there (compiling a generated module
// for its export data, which the real floor's first run does, takes
// minutes).
//
// Workloads: std (the standard library, pattern std, with its tests),
// gen (a module written by cmd/kafixgen with its defaults: 2000
// packages, about a million lines, 10,000 sites), gen2x (the same at
// twice the number of packages) and vet (go vet on std).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The commands of a repetition, in the order they run.
const (
	roleReal  = "realfloor"
	roleFloor = "floor -check"
	roleCheck = "kafix -check"
	roleDiff  = "kafix -diff"

	roleVetNoop  = "go vet -vettool=noopvet"
	roleVetKafix = "go vet -vettool=kafix"
)

// rolesOf returns the commands that a workload runs, in order.
func rolesOf(o options, workload string) []string {
	if workload == "vet" {
		return []string{roleVetNoop, roleVetKafix}
	}
	if !o.driverFloor {
		return []string{roleReal, roleCheck, roleDiff}
	}
	return []string{roleReal, roleFloor, roleCheck, roleDiff}
}

type options struct {
	n           int
	workloads   []string
	packages    int
	lines       int
	sites       float64
	seed        uint64
	keep        bool
	src         string
	floorFacts  bool
	driverFloor bool
	out         string
	warmup      int
	extraArgs   []string
	workDir     string
	dir         string // -dir: a work directory to keep and reuse
}

func main() {
	var o options
	var workloads, extra string
	flag.IntVar(&o.n, "n", 5, "repetitions of each command per workload")
	flag.StringVar(&workloads, "workloads", "std,gen,gen2x,vet", "comma-separated workloads: std, gen, gen2x, vet")
	flag.IntVar(&o.packages, "packages", 2000, "packages in the generated module (gen2x has twice as many)")
	flag.IntVar(&o.lines, "lines-per-package", 500, "lines per generated package")
	flag.Float64Var(&o.sites, "sites-per-package", 5, "keepalive sites per generated package, on average")
	flag.Uint64Var(&o.seed, "seed", 1, "kafixgen seed")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory (binaries and generated modules)")
	flag.StringVar(&o.src, "src", "", "root of the kafix module to build (default: the module of the current directory)")
	flag.BoolVar(&o.floorFacts, "floor-facts", true, "give the driver floor a fact type, so that it runs on dependencies like the real analyzer")
	flag.BoolVar(&o.driverFloor, "driver-floor", true, "also run the driver floor (kafix's driver with an analyzer that does nothing)")
	flag.StringVar(&o.dir, "dir", "", "work in `directory` and keep it; reuse the modules that an earlier run with the same flags generated there")
	flag.StringVar(&o.out, "out", "", "also write every sample as JSON to `file`")
	flag.IntVar(&o.warmup, "warmup", 1, "untimed floor runs per workload before the measured ones (warm the go command's caches)")
	flag.StringVar(&extra, "args", "", "extra space-separated flags for kafix and the floors, which must all accept them (e.g. -cpuprofile=FILE)")
	flag.Parse()
	o.workloads = strings.Split(workloads, ",")
	o.extraArgs = strings.Fields(extra)
	for _, w := range o.workloads {
		if w != "std" && w != "gen" && w != "gen2x" && w != "vet" {
			fatalf("unknown workload %q: want std, gen, gen2x or vet", w)
		}
	}
	if o.n < 1 {
		fatalf("-n must be at least 1")
	}
	if err := run(o, os.Stdout); err != nil {
		fatalf("%v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "kafixbench: "+format+"\n", args...)
	os.Exit(1)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "kafixbench: "+format+"\n", args...)
}

func run(o options, stdout io.Writer) error {
	src := o.src
	if src == "" {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
		if err != nil {
			return fmt.Errorf("finding the kafix module (run in it, or use -src): %v", err)
		}
		src = strings.TrimSpace(string(out))
	}
	tmp, err := os.MkdirTemp("", "kafixbench")
	if o.dir != "" {
		// A work directory of an earlier run: its generated modules
		// are reused, and the go command's cache already holds their
		// export data.
		tmp, err = o.dir, os.MkdirAll(o.dir, 0o755)
		o.keep = true
	}
	if err != nil {
		return err
	}
	if o.keep {
		logf("keeping %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	o.workDir = tmp
	bin := filepath.Join(tmp, "bin")
	logf("building kafix, its floors and kafixgen from %s", src)
	for _, pkg := range []string{"./cmd/kafix", "./cmd/kafixbench/floor", "./cmd/kafixbench/realfloor", "./cmd/kafixbench/noopvet", "./cmd/kafixgen"} {
		cmd := exec.Command("go", "build", "-o", bin+string(filepath.Separator), pkg)
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	exe := func(name string) string { return filepath.Join(bin, name) }

	var all []sample
	var failed []string
	for _, name := range o.workloads {
		w, err := prepare(o, name, exe("kafixgen"))
		if err != nil {
			return err
		}
		samples, err := measure(o, w, commands(o, w, exe))
		all = append(all, samples...)
		if err != nil {
			logf("%s: %v", name, err)
			failed = append(failed, name)
		}
		printWorkload(stdout, o, w, samples)
		if w.sites > 0 && len(samples) >= 2 {
			if err := printRecall(stdout, w); err != nil {
				logf("%s: checking findings against kafixgen's markers: %v", name, err)
			}
		}
		if !o.keep && w.name != "std" && w.name != "vet" {
			os.RemoveAll(w.dir)
		}
	}
	printSummary(stdout, o, all)
	if o.out != "" {
		data, _ := json.MarshalIndent(all, "", "  ")
		if err := os.WriteFile(o.out, data, 0o644); err != nil {
			return err
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("runs failed in %s", strings.Join(failed, ", "))
	}
	return nil
}
