package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"time"
)

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
