// Command kafixbench measures what kafix costs next to the analyzers a
// user already runs on the same packages.
//
//	go run ./cmd/kafixbench [-n 5] [-workloads std,gen,gen2x,vet] [-packages 2000] [-keep] [-dir DIR]
//
// It builds kafix and its floors into a temporary directory, then, for
// each workload, runs interleaved repetitions of
//
//	realfloor PATTERN
//	floor -check PATTERN
//	kafix -check PATTERN
//	kafix -diff PATTERN
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
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Goals, as ratios to the floor (or, for scaling, to the 1x workload).
const (
	goalCheck   = 1.10
	goalDiff    = 1.25
	goalMemory  = 1.20
	goalScaling = 2.2
	goalVet     = 1.10
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
	flag.StringVar(&extra, "args", "", "extra space-separated flags for kafix and the floor (e.g. -test=false)")
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

// sample is one measured run of one command.
type sample struct {
	Workload string
	Role     string
	Rep      int
	Wall     time.Duration
	CPU      time.Duration // user + system, the command and the go list it runs
	MaxRSS   int64         // peak resident set, KiB
	Exit     int
	Lines    int // lines printed on stdout: findings for -check, diff lines for -diff
}

// workload is one set of packages to run on.
type workload struct {
	name    string
	dir     string // where the commands run
	pattern string
	sites   int // sites kafixgen planted, 0 if unknown
	lines   int // lines of Go kafixgen wrote, 0 if unknown

	checkOutput string // file with the first kafix -check run's findings
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

// prepare makes a workload's directory, generating the module for gen
// and gen2x.
func prepare(o options, name, kafixgen string) (*workload, error) {
	w := &workload{name: name, dir: filepath.Join(o.workDir, name), pattern: "./...",
		checkOutput: filepath.Join(o.workDir, name+".check.txt")}
	if name == "std" || name == "vet" {
		w.pattern = "std"
		return w, os.MkdirAll(w.dir, 0o755)
	}
	n := o.packages
	if name == "gen2x" {
		n *= 2
	}
	var st struct{ Sites, Lines int } // what kafixgen -json prints, kept next to the module
	statsFile := w.dir + ".json"
	if data, err := os.ReadFile(statsFile); err == nil && json.Unmarshal(data, &st) == nil {
		logf("%s: reusing the module in %s", name, w.dir)
		w.sites, w.lines = st.Sites, st.Lines
		return w, nil
	}
	logf("%s: generating %d packages", name, n)
	cmd := exec.Command(kafixgen, "-o", w.dir, "-json", "-packages", strconv.Itoa(n),
		"-lines-per-package", strconv.Itoa(o.lines), "-sites-per-package", strconv.FormatFloat(o.sites, 'g', -1, 64),
		"-seed", strconv.FormatUint(o.seed, 10))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("kafixgen: %v", err)
	}
	if err := json.Unmarshal(out, &st); err != nil {
		return nil, fmt.Errorf("kafixgen output: %v", err)
	}
	w.sites, w.lines = st.Sites, st.Lines
	return w, os.WriteFile(statsFile, out, 0o644)
}

// commands returns, for each role of the workload, the command line
// of its rep'th run (a warm-up is rep < 0). exe names a built binary.
func commands(o options, w *workload, exe func(string) string) func(role string, rep int) ([]string, error) {
	floorArgs := append([]string{"-check", "-floor-facts=" + strconv.FormatBool(o.floorFacts)}, o.extraArgs...)
	fixed := map[string][]string{
		roleReal:  append(append([]string{exe("realfloor")}, o.extraArgs...), w.pattern),
		roleFloor: append(append([]string{exe("floor")}, floorArgs...), w.pattern),
		roleCheck: append(append([]string{exe("kafix"), "-check"}, o.extraArgs...), w.pattern),
		roleDiff:  append(append([]string{exe("kafix"), "-diff"}, o.extraArgs...), w.pattern),
	}
	vettool := map[string]string{roleVetNoop: "noopvet", roleVetKafix: "kafix"}
	return func(role string, rep int) ([]string, error) {
		if argv, ok := fixed[role]; ok {
			return argv, nil
		}
		tool, err := freshTool(exe(vettool[role]), filepath.Join(o.workDir, "vettools"), rep)
		if err != nil {
			return nil, err
		}
		return append(append([]string{"go", "vet", "-vettool=" + tool}, o.extraArgs...), w.pattern), nil
	}
}

// freshTool writes a copy of the executable bin with a nonce appended
// (which the loader ignores), for the rep'th run of go vet with it. The
// go command keys its cache of vet results on a hash of the tool's
// content (which the tool prints for -V=full): with the same binary,
// every run after the first would vet nothing.
func freshTool(bin, dir string, rep int) (string, error) {
	data, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	nonce := fmt.Sprintf("\nkafixbench nonce %d %d\n", time.Now().UnixNano(), rep)
	name := filepath.Join(dir, fmt.Sprintf("%s-%d", filepath.Base(bin), rep+1000))
	return name, os.WriteFile(name, append(data, nonce...), 0o755)
}

// measure runs the workload's warm-up and its interleaved repetitions.
func measure(o options, w *workload, argv func(role string, rep int) ([]string, error)) ([]sample, error) {
	roles := rolesOf(o, w.name)
	for i := range o.warmup {
		cmd, err := argv(roles[0], -1-i)
		if err != nil {
			return nil, err
		}
		s, err := runOne(w, roles[0], -1-i, cmd, "")
		if err != nil {
			return nil, fmt.Errorf("warm-up: %v", err)
		}
		logf("%s: warm-up %s %.1fs", w.name, roles[0], s.Wall.Seconds())
	}
	var samples []sample
	reported := map[string]bool{} // roles that exited badly
	start := time.Now()
	for rep := range o.n {
		for _, role := range roles {
			save := ""
			if rep == 0 && role == roleCheck {
				save = w.checkOutput
			}
			cmd, err := argv(role, rep)
			if err != nil {
				return samples, err
			}
			s, err := runOne(w, role, rep, cmd, save)
			var bad *badExit
			if errors.As(err, &bad) {
				if !reported[role] {
					logf("%s: %v", w.name, err)
				}
				reported[role] = true
			} else if err != nil {
				return samples, err
			}
			samples = append(samples, s)
			logf("%s: rep %d/%d %-12s %6.1fs %7.0f MiB exit %d, %d lines",
				w.name, rep+1, o.n, role, s.Wall.Seconds(), float64(s.MaxRSS)/1024, s.Exit, s.Lines)
		}
		if rep == 0 && o.n > 1 {
			logf("%s: about %v to go", w.name, (time.Since(start) * time.Duration(o.n-1)).Round(time.Second))
		}
	}
	var bad []string
	for _, role := range roles {
		if reported[role] {
			bad = append(bad, role)
		}
	}
	if len(bad) > 0 {
		return samples, fmt.Errorf("unexpected exit status from %s", strings.Join(bad, ", "))
	}
	return samples, nil
}

// runOne runs one command in the workload's directory and measures it.
// If save is not empty, the command's standard output is kept in that
// file.
func runOne(w *workload, role string, rep int, argv []string, save string) (sample, error) {
	s := sample{Workload: w.name, Role: role, Rep: rep}
	var stdout *os.File
	var err error
	if save != "" {
		stdout, err = os.Create(save)
	} else {
		stdout, err = os.CreateTemp("", "kafixbench-out")
		if err == nil {
			defer os.Remove(stdout.Name())
		}
	}
	if err != nil {
		return s, err
	}
	defer stdout.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	cmd.Stdout = stdout
	cmd.Stderr = &stderr
	t0 := time.Now()
	err = cmd.Run()
	s.Wall = time.Since(t0)
	if cmd.ProcessState == nil {
		return s, fmt.Errorf("%s: %v", role, err)
	}
	s.Exit = cmd.ProcessState.ExitCode()
	s.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.MaxRSS = maxRSSKiB(ru.Maxrss)
	}
	if _, err := stdout.Seek(0, io.SeekStart); err == nil {
		s.Lines = countLines(stdout)
	}
	if err := checkExit(role, s.Exit); err != nil {
		return s, &badExit{fmt.Sprintf("%s in %s: %v\n%s", strings.Join(argv, " "), w.dir, err, tail(stderr.Bytes(), 10))}
	}
	return s, nil
}

// badExit is a command that ran to the end with an unexpected exit
// status. Its measurement is kept; the workload is marked as failed.
type badExit struct{ msg string }

func (e *badExit) Error() string { return e.msg }

// maxRSSKiB converts rusage's ru_maxrss to KiB: Linux reports KiB,
// darwin bytes.
func maxRSSKiB(v int64) int64 {
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return v / 1024
	}
	return v
}

// checkExit says whether a command's exit status is what a successful
// run gives: the floors report nothing (0); kafix -check exits 3 when
// it reports sites, kafix -diff exits 1 when it prints a diff, go vet
// exits 1 when its tool reports something.
func checkExit(role string, code int) error {
	ok := false
	switch role {
	case roleReal, roleFloor, roleVetNoop:
		ok = code == 0
	case roleCheck:
		ok = code == 0 || code == 3
	case roleDiff, roleVetKafix:
		ok = code == 0 || code == 1
	}
	if ok {
		return nil
	}
	if code < 0 {
		return errors.New("killed by a signal")
	}
	return fmt.Errorf("exit status %d", code)
}

func countLines(r io.Reader) int {
	buf := make([]byte, 64<<10)
	n := 0
	for {
		k, err := r.Read(buf)
		n += bytes.Count(buf[:k], []byte("\n"))
		if err != nil {
			return n
		}
	}
}

// tail returns the last lines of b, each cut to 300 bytes.
func tail(b []byte, lines int) string {
	s := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(s) > lines {
		s = s[len(s)-lines:]
	}
	for i, l := range s {
		if len(l) > 300 {
			s[i] = l[:300] + "…"
		}
	}
	return strings.Join(s, "\n")
}

// median returns the median of xs (the mean of the middle two for an
// even count), or 0 for none.
func median[T int64 | time.Duration | float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// stats are the medians of one command on one workload.
type stats struct {
	n      int
	wall   time.Duration
	cpu    time.Duration
	maxRSS int64
	lines  int64
}

func medians(samples []sample, workload, role string) (stats, bool) {
	var wall, cpu []time.Duration
	var rss, lines []int64
	for _, s := range samples {
		if s.Workload == workload && s.Role == role {
			wall = append(wall, s.Wall)
			cpu = append(cpu, s.CPU)
			rss = append(rss, s.MaxRSS)
			lines = append(lines, int64(s.Lines))
		}
	}
	if len(wall) == 0 {
		return stats{}, false
	}
	return stats{len(wall), median(wall), median(cpu), median(rss), median(lines)}, true
}

// ratio formats a/b, and verdict says whether it meets the goal.
func ratio(a, b float64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2fx", a/b)
}

func verdict(a, b, goal float64) string {
	if b == 0 {
		return "n/a"
	}
	if a/b <= goal {
		return "ok"
	}
	return "**over**"
}

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }
func mib(kib int64) string        { return fmt.Sprintf("%.0f MiB", float64(kib)/1024) }

func printWorkload(w io.Writer, o options, wl *workload, samples []sample) {
	desc := "pattern " + wl.pattern
	if wl.lines > 0 {
		desc = fmt.Sprintf("generated module, %d lines, %d planted sites", wl.lines, wl.sites)
	}
	fmt.Fprintf(w, "\n### %s (%s)\n\n", wl.name, desc)
	fmt.Fprintf(w, "| command | runs | wall (median) | CPU user+sys | peak RSS | stdout lines | exit |\n|---|---|---|---|---|---|---|\n")
	for _, role := range rolesOf(o, wl.name) {
		st, ok := medians(samples, wl.name, role)
		if !ok {
			continue
		}
		fmt.Fprintf(w, "| `%s %s` | %d | %s | %s | %s | %d | %s |\n", role, wl.pattern, st.n, secs(st.wall), secs(st.cpu), mib(st.maxRSS), st.lines, exits(samples, wl.name, role))
	}
	if st, ok := medians(samples, wl.name, roleCheck); ok && wl.sites > 0 && st.lines != int64(wl.sites) {
		fmt.Fprintf(w, "\nkafix -check reported %d findings; kafixgen planted %d sites.\n", st.lines, wl.sites)
	}
}

// A column of a table of paired ratios: a command, a measure, and the
// goal its ratio to the floor is held to (0 for none).
type column struct {
	role    string
	name    string
	measure func(sample) float64
	goal    float64
}

var ratioColumns = []column{
	{roleCheck, "check wall", wallOf, goalCheck},
	{roleDiff, "diff wall", wallOf, goalDiff},
	{roleCheck, "check peak RSS", rssOf, goalMemory},
	{roleDiff, "diff peak RSS", rssOf, goalMemory},
	{roleCheck, "check CPU", cpuOf, 0},
	{roleDiff, "diff CPU", cpuOf, 0},
}

var vetColumns = []column{
	{roleVetKafix, "vet wall", wallOf, goalVet},
	{roleVetKafix, "vet peak RSS", rssOf, 0},
	{roleVetKafix, "vet CPU", cpuOf, 0},
}

func printSummary(w io.Writer, o options, samples []sample) {
	var analysis, vet []string
	for _, wl := range o.workloads {
		if wl == "vet" {
			vet = append(vet, wl)
		} else {
			analysis = append(analysis, wl)
		}
	}
	if len(analysis) > 0 {
		printRatios(w, samples, analysis, roleReal, ratioColumns, fmt.Sprintf(
			"Paired ratios to the real floor (x/tools singlechecker, no facts, visits every call): median over %d repetitions of each run's ratio to the floor's run in the same repetition; goals flagged", o.n))
		if o.driverFloor {
			printRatios(w, samples, analysis, roleFloor, ratioColumns, "Paired ratios to the driver floor (kafix's driver, a fact type, an analyzer that does nothing): the cost of the analysis alone")
		}
	}
	if len(vet) > 0 {
		printRatios(w, samples, vet, roleVetNoop, vetColumns, fmt.Sprintf("Paired ratios of go vet -vettool=kafix to go vet -vettool=noopvet, median over %d repetitions", o.n))
	}
	if slices.Contains(o.workloads, "gen") && slices.Contains(o.workloads, "gen2x") {
		fmt.Fprintf(w, "\n### Scaling: gen2x (%d packages) / gen (%d packages), wall time (≤ %.1f)\n\n", 2*o.packages, o.packages, goalScaling)
		fmt.Fprintf(w, "| command | gen | gen2x | ratio | CPU ratio |\n|---|---|---|---|---|\n")
		for _, role := range rolesOf(o, "gen") {
			a, ok1 := medians(samples, "gen", role)
			b, ok2 := medians(samples, "gen2x", role)
			if !ok1 || !ok2 {
				continue
			}
			fmt.Fprintf(w, "| `%s` | %s | %s | %s %s | %s |\n", role, secs(a.wall), secs(b.wall),
				ratio(b.wall.Seconds(), a.wall.Seconds()), verdict(b.wall.Seconds(), a.wall.Seconds(), goalScaling),
				ratio(b.cpu.Seconds(), a.cpu.Seconds()))
		}
	}
}

// printRatios prints a table of paired ratios to base, a row per
// workload; each cell is flagged against its column's goal, if any.
func printRatios(w io.Writer, samples []sample, workloads []string, base string, cols []column, title string) {
	fmt.Fprintf(w, "\n### %s\n\n| workload |", title)
	for _, c := range cols {
		if c.goal > 0 {
			fmt.Fprintf(w, " %s (≤ %.2f) |", c.name, c.goal)
		} else {
			fmt.Fprintf(w, " %s |", c.name)
		}
	}
	fmt.Fprintf(w, "\n|---|%s\n", strings.Repeat("---|", len(cols)))
	for _, wl := range workloads {
		fmt.Fprintf(w, "| %s |", wl)
		for _, c := range cols {
			r, ok := pairedRatio(samples, wl, c.role, base, c.measure)
			switch {
			case !ok:
				fmt.Fprintf(w, " n/a |")
			case c.goal > 0:
				fmt.Fprintf(w, " %s %s |", ratio(r, 1), verdict(r, 1, c.goal))
			default:
				fmt.Fprintf(w, " %s |", ratio(r, 1))
			}
		}
		fmt.Fprintln(w)
	}
}

// exits lists the exit statuses of a command's runs, flagging the
// unexpected ones.
func exits(samples []sample, workload, role string) string {
	var codes []int
	for _, s := range samples {
		if s.Workload == workload && s.Role == role && !slices.Contains(codes, s.Exit) {
			codes = append(codes, s.Exit)
		}
	}
	slices.Sort(codes)
	var out []string
	for _, c := range codes {
		if checkExit(role, c) != nil {
			out = append(out, fmt.Sprintf("**%d**", c))
		} else {
			out = append(out, strconv.Itoa(c))
		}
	}
	return strings.Join(out, ", ")
}

func wallOf(s sample) float64 { return s.Wall.Seconds() }
func cpuOf(s sample) float64  { return s.CPU.Seconds() }
func rssOf(s sample) float64  { return float64(s.MaxRSS) }

// pairedRatio is the median, over the repetitions of a workload, of
// role's measure divided by base's in the same repetition; ok is false
// if no repetition has both.
func pairedRatio(samples []sample, workload, role, base string, measure func(sample) float64) (r float64, ok bool) {
	floor := map[int]float64{}
	for _, s := range samples {
		if s.Workload == workload && s.Role == base && s.Rep >= 0 {
			floor[s.Rep] = measure(s)
		}
	}
	var rs []float64
	for _, s := range samples {
		if f := floor[s.Rep]; s.Workload == workload && s.Role == role && f > 0 {
			rs = append(rs, measure(s)/f)
		}
	}
	if len(rs) == 0 {
		return 0, false
	}
	return median(rs), true
}
