package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{9, 9, 1, 1, 5}, 5},
	} {
		in := append([]float64(nil), tc.in...)
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
		for i := range in {
			if in[i] != tc.in[i] {
				t.Errorf("median reordered its argument: %v", tc.in)
			}
		}
	}
	if got := median([]time.Duration{3 * time.Second, time.Second}); got != 2*time.Second {
		t.Errorf("median of durations = %v, want 2s", got)
	}
	if got := median([]int64{7, 1, 100}); got != 7 {
		t.Errorf("median of int64 = %v, want 7", got)
	}
}

func TestRatioAndVerdict(t *testing.T) {
	for _, tc := range []struct {
		a, b, goal     float64
		ratio, verdict string
	}{
		{11, 10, goalCheck, "1.10x", "ok"},
		{11.2, 10, goalCheck, "1.12x", "**over**"},
		{12.5, 10, goalDiff, "1.25x", "ok"},
		{13, 10, goalDiff, "1.30x", "**over**"},
		{22, 10, goalScaling, "2.20x", "ok"},
		{23, 10, goalScaling, "2.30x", "**over**"},
		{1, 0, goalMemory, "n/a", "n/a"},
	} {
		if got := ratio(tc.a, tc.b); got != tc.ratio {
			t.Errorf("ratio(%v, %v) = %q, want %q", tc.a, tc.b, got, tc.ratio)
		}
		if got := verdict(tc.a, tc.b, tc.goal); got != tc.verdict {
			t.Errorf("verdict(%v, %v, %v) = %q, want %q", tc.a, tc.b, tc.goal, got, tc.verdict)
		}
	}
}

func TestCheckExit(t *testing.T) {
	for _, tc := range []struct {
		role string
		code int
		ok   bool
	}{
		{roleFloor, 0, true},
		{roleFloor, 3, false}, // the floor must find nothing
		{roleFloor, 2, false},
		{roleReal, 0, true},
		{roleReal, 3, false},
		{roleVetNoop, 1, false},
		{roleVetKafix, 1, true}, // kafix reported a site
		{roleVetKafix, 2, false},
		{roleCheck, 0, true},
		{roleCheck, 3, true},
		{roleCheck, 1, false},
		{roleCheck, 2, false}, // a package was skipped
		{roleDiff, 0, true},
		{roleDiff, 1, true},
		{roleDiff, 3, false},
		{roleDiff, -1, false}, // killed
	} {
		if err := checkExit(tc.role, tc.code); (err == nil) != tc.ok {
			t.Errorf("checkExit(%q, %d) = %v, want ok=%v", tc.role, tc.code, err, tc.ok)
		}
	}
}

func TestCountLinesAndTail(t *testing.T) {
	if n := countLines(strings.NewReader(strings.Repeat("a.go:1:2: x\n", 100000))); n != 100000 {
		t.Errorf("countLines = %d, want 100000", n)
	}
	if got := tail([]byte("1\n2\n3\n4\n"), 2); got != "3\n4" {
		t.Errorf("tail = %q", got)
	}
}

func TestReport(t *testing.T) {
	var samples []sample
	add := func(wl, role string, rep int, wall float64, rss int64, lines int) {
		samples = append(samples, sample{Workload: wl, Role: role, Rep: rep, Wall: time.Duration(wall * float64(time.Second)), CPU: time.Duration(wall * float64(time.Second)), MaxRSS: rss, Lines: lines})
	}
	for rep, wall := range []float64{10, 11, 12} {
		add("gen", roleReal, rep, wall, 1000<<10, 0)
		add("gen", roleFloor, rep, wall*1.2, 1200<<10, 0)
		add("gen", roleCheck, rep, wall*1.05, 1100<<10, 100)
		add("gen", roleDiff, rep, wall*1.6, 1300<<10, 900)
		samples[len(samples)-1].Exit = 1
		if wall == 11 {
			samples[len(samples)-1].Exit = 2
		}
		add("gen2x", roleReal, rep, wall*2, 2000<<10, 0)
		add("gen2x", roleFloor, rep, wall*2, 2000<<10, 0)
		add("gen2x", roleCheck, rep, wall*2.5, 2100<<10, 200)
		add("gen2x", roleDiff, rep, wall*3, 2500<<10, 1800)
		add("vet", roleVetNoop, rep, wall, 100<<10, 0)
		add("vet", roleVetKafix, rep, wall*1.2, 100<<10, 0)
	}
	var buf bytes.Buffer
	o := options{n: 3, workloads: []string{"gen", "gen2x", "vet"}, packages: 10, driverFloor: true}
	printWorkload(&buf, o, &workload{name: "gen", pattern: "./...", lines: 5000, sites: 100}, samples)
	printSummary(&buf, o, samples)
	out := buf.String()
	for _, want := range []string{
		"| `realfloor ./...` | 3 | 11.0 s |",
		"| `floor -check ./...` | 3 | 13.2 s |",
		"| 900 | 1, **2** |",
		"| gen | 1.05x ok | 1.60x **over** | 1.10x ok | 1.30x **over** | 1.05x | 1.60x |",
		"| gen | 0.88x ok | 1.33x **over** | 0.92x ok | 1.08x ok | 0.88x | 1.33x |",
		"| vet | 1.20x **over** | 1.00x | 1.20x |",
		"| `kafix -check` | 11.6 s | 27.5 s | 2.38x **over** | 2.38x |",
		"| `realfloor` | 11.0 s | 22.0 s | 2.00x ok | 2.00x |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "planted") && !strings.Contains(out, "generated module, 5000 lines, 100 planted sites") {
		t.Errorf("bad workload heading:\n%s", out)
	}
}

func TestFreshTool(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "tool")
	os.WriteFile(bin, []byte("binary"), 0o755)
	a, err := freshTool(bin, filepath.Join(dir, "copies"), 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := freshTool(bin, filepath.Join(dir, "copies"), 1)
	if err != nil {
		t.Fatal(err)
	}
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	if a == b || bytes.Equal(da, db) || !bytes.HasPrefix(da, []byte("binary")) || !bytes.HasPrefix(db, []byte("binary")) {
		t.Errorf("copies %s and %s: %q, %q; want two different files starting with the binary", a, b, da, db)
	}
}

func TestRecall(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	os.WriteFile(filepath.Join(dir, "a", "net.go"), []byte(`package a

func f() {
	net.Dial("tcp", x) // kafixgen:site net.Dial
	net.Dial("udp", x) // kafixgen:neg udp dial
	net.Listen("tcp", x) // kafixgen:site net.Listen
}
`), 0o644)
	marks, err := readMarkers(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(marks) != 3 || marks["a/net.go:4"] != (marker{true, "net.Dial"}) || marks["a/net.go:5"] != (marker{false, "udp dial"}) {
		t.Fatalf("markers = %v", marks)
	}
	findings := dir + "/a/net.go:4:2: net.Dial relies on Go's implicit keepalive\n" +
		"a/net.go:5:2: a false positive\n" +
		"a/net.go:4:2: reported twice\n" +
		"a/other.go:1:1: stray\n" +
		"kafix: 3 sites found\n"
	r, err := matchFindings(dir, marks, strings.NewReader(findings))
	if err != nil {
		t.Fatal(err)
	}
	if r.reported[marker{true, "net.Dial"}] != 1 || r.reported[marker{true, "net.Listen"}] != 0 || r.reported[marker{false, "udp dial"}] != 1 || len(r.stray) != 1 {
		t.Errorf("reported = %v, stray = %v", r.reported, r.stray)
	}
	var buf bytes.Buffer
	r.print(&buf)
	for _, want := range []string{"| site | net.Listen | 1 | 0 (missed) |", "| negative | udp dial | 1 | 1 (false positives) |", "1 findings on no marked line"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("recall table lacks %q:\n%s", want, buf.String())
		}
	}
}

func TestPairedRatio(t *testing.T) {
	var samples []sample
	for rep, pair := range [][2]float64{{10, 11}, {20, 30}, {10, 12}} {
		samples = append(samples,
			sample{Workload: "gen", Role: roleFloor, Rep: rep, Wall: time.Duration(pair[0] * float64(time.Second))},
			sample{Workload: "gen", Role: roleCheck, Rep: rep, Wall: time.Duration(pair[1] * float64(time.Second))})
	}
	// Ratios 1.1, 1.5, 1.2: the median is 1.2, while the ratio of the
	// medians would be 12/10.
	if got, ok := pairedRatio(samples, "gen", roleCheck, roleFloor, wallOf); !ok || got < 1.1999 || got > 1.2001 {
		t.Errorf("pairedRatio = %v, %v; want 1.2", got, ok)
	}
	if got, ok := pairedRatio(samples, "gen", roleDiff, roleFloor, wallOf); ok {
		t.Errorf("pairedRatio with no runs = %v, want none", got)
	}
}
