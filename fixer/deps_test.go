package fixer

// The raw-socket tests compile fixed snippets against
// golang.org/x/sys/unix, resolved through this module's go.mod and
// go.sum; importing a package of that module keeps it there under
// go mod tidy.
import _ "golang.org/x/sys/cpu"
