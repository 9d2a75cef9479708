package migrate

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

// catchSignals makes SIGINT and SIGTERM stop the run without leaving
// half a package written or a temporary file behind. Before the first
// file is written, the run ends at once: it has written nothing. Once
// writing has begun, the signal is only recorded: the package in hand
// is finished, or rolled back if it fails, and the packages after it
// are not written (writeChanges); the summary names them and the exit
// status is ExitSkipped. The returned function stops catching them.
func (r *runner) catchSignals() (stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case sig := <-sigs:
				r.sigMu.Lock()
				if r.interrupted == nil {
					r.interrupted = sig
				}
				writing := r.writing
				r.sigMu.Unlock()
				if !writing {
					fmt.Fprintf(r.opts.Stderr, "kafix: stopped by %v before writing any file\n", sig)
					exit := r.exit
					if exit == nil {
						exit = os.Exit
					}
					exit(ExitSkipped)
					return
				}
			case <-done:
				return
			}
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

// stoppedBy returns the signal that stopped the run, or nil. The
// first call marks the start of the writing: a signal after it no
// longer ends the run at once.
func (r *runner) stoppedBy() os.Signal {
	r.sigMu.Lock()
	defer r.sigMu.Unlock()
	r.writing = true
	return r.interrupted
}
