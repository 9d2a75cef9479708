//go:build !linux

package report

// line says that the options are read back on Linux only: the programs
// build elsewhere, but the tests run them on Linux.
func line(fd int) string {
	return "OPTS_ERR options are read back on Linux only"
}
