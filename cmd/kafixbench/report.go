package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
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

func mib(kib int64) string { return fmt.Sprintf("%.0f MiB", float64(kib)/1024) }

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

func cpuOf(s sample) float64 { return s.CPU.Seconds() }

func rssOf(s sample) float64 { return float64(s.MaxRSS) }

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
