package report

// The programs' side of the run-time tests: the flags every program takes
// besides -addr, and the lines it prints for them. Nothing here opens a
// socket or sets an option.

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"sync"
	"time"
)

var (
	busy = flag.Bool("busy", false, "after a line on stdin (the harness writes it once it has cut the link), write one byte, then go on reading")
	fill = flag.Bool("fill", false, "write to the connection until a write fails, instead of reading (a peer that does not read shuts its window)")
)

// Filling reports whether -fill asks the program to fill its connection
// (Fill) rather than read it.
func Filling() bool { return *fill }

var (
	busyOnce sync.Once
	busyMu   sync.Mutex
	busySig  bool
	busyFns  []func([]byte) (int, error)
)

// Busy, with -busy, arranges for write to be called with one byte once a
// line arrives on stdin, and prints
//
//	WROTE <n> <error or ok>
//
// A connection that is registered after the line has arrived writes at
// once. Without -busy it does nothing: the program only reads.
//
// Keepalive sends no probe while data is unacknowledged, so the byte
// written after the cut leaves only the user timeout (TCP_USER_TIMEOUT)
// to end the connection.
func Busy(write func([]byte) (int, error)) {
	if !*busy {
		return
	}
	busyOnce.Do(func() {
		go func() {
			sc := bufio.NewScanner(os.Stdin)
			sc.Scan()
			busyMu.Lock()
			busySig = true
			fns := busyFns
			busyFns = nil
			busyMu.Unlock()
			for _, f := range fns {
				wrote(f)
			}
		}()
	})
	busyMu.Lock()
	sig := busySig
	if !sig {
		busyFns = append(busyFns, write)
	}
	busyMu.Unlock()
	if sig {
		wrote(write)
	}
}

func wrote(write func([]byte) (int, error)) {
	n, err := write([]byte{'x'})
	if err != nil {
		fmt.Fprintf(os.Stdout, "WROTE %d %v\n", n, err)
		return
	}
	fmt.Fprintf(os.Stdout, "WROTE %d ok\n", n)
}

// Fill writes to the connection until a write fails, and then prints
//
//	WRITE_ERR <ms> <bytes> <error>
//
// where ms is how long the failing write was blocked: from the moment the
// previous write of a whole buffer returned, which, once the peer's window
// has shut and the send buffer is full, is when the connection stopped
// moving. A short write (a raw socket's, whose blocked write returns what
// it copied when the connection fails) is part of the one that failed.
func Fill(write func([]byte) (int, error)) {
	buf := make([]byte, 64<<10)
	total := 0
	last := time.Now()
	for {
		for b := buf; len(b) > 0; {
			n, err := write(b)
			n = max(n, 0) // syscall.Write returns -1 with its error
			total += n
			b = b[n:]
			if err != nil {
				fmt.Fprintf(os.Stdout, "WRITE_ERR %d %d %v\n", time.Since(last).Milliseconds(), total, err)
				return
			}
		}
		last = time.Now()
	}
}
