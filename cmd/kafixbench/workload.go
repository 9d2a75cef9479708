package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// workload is one set of packages to run on.
type workload struct {
	name    string
	dir     string // where the commands run
	pattern string
	sites   int // sites kafixgen planted, 0 if unknown
	lines   int // lines of Go kafixgen wrote, 0 if unknown

	checkOutput string // file with the first kafix -check run's findings
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
	// The real floor, singlechecker, loads test files by default
	// (-test=true); kafix and the driver floor load them with -tests,
	// so that all three load the same packages.
	floorArgs := append([]string{"-check", "-tests", "-floor-facts=" + strconv.FormatBool(o.floorFacts)}, o.extraArgs...)
	fixed := map[string][]string{
		roleReal:  append(append([]string{exe("realfloor")}, o.extraArgs...), w.pattern),
		roleFloor: append(append([]string{exe("floor")}, floorArgs...), w.pattern),
		roleCheck: append(append([]string{exe("kafix"), "-check", "-tests"}, o.extraArgs...), w.pattern),
		roleDiff:  append(append([]string{exe("kafix"), "-diff", "-tests"}, o.extraArgs...), w.pattern),
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
