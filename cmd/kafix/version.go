package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"runtime/debug"
)

// version describes this kafix binary from its build info: the version
// of its module when it was built as a module version (go install
// github.com/kafix/kafix/cmd/kafix@v1.2.0, or a checkout that the go
// command stamps with a pseudo-version), else "(devel)" followed by the
// revision it was built from and whether the tree was modified, when
// the build recorded them.
func version(info *debug.BuildInfo, ok bool) string {
	if !ok {
		return "(devel)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	v := "(devel)"
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision":
			v += " vcs.revision=" + s.Value
		case s.Key == "vcs.modified" && s.Value == "true":
			v += " vcs.modified=true"
		}
	}
	return v
}

// toolVersionFlag is the -V flag of the go command's tool protocol,
// which kafix registers before singlechecker's own (x/tools'
// analysisflags leaves a -V flag that exists in place).
//
// go vet -vettool and go fix -fixtool run "kafix -V=full" and key
// their caches of the tool's results with the answer, "NAME version
// VERSION ... buildID=ID": the ID if VERSION says "devel", else the
// whole line. So the line ends, as analysisflags' does, with a hash of
// the executable, and a rebuilt kafix is never answered with an older
// one's results; the words before it are kafix's real version.
type toolVersionFlag struct{}

func (toolVersionFlag) IsBoolFlag() bool { return true }
func (toolVersionFlag) String() string   { return "" }

// Set prints the version and exits, as the protocol asks: -V prints
// the version, -V=full with the build ID.
func (toolVersionFlag) Set(mode string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if err := printToolVersion(os.Stdout, mode, exe); err != nil {
		return err
	}
	os.Exit(0)
	return nil
}

// printToolVersion writes the answer to -V (mode "true") or -V=full
// (mode "full") for the executable exe.
func printToolVersion(w io.Writer, mode, exe string) error {
	v := version(debug.ReadBuildInfo())
	switch mode {
	case "true":
		_, err := fmt.Fprintf(w, "kafix version %s\n", v)
		return err
	case "full":
		id, err := fileHash(exe)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "kafix version %s buildID=%x\n", v, id)
		return err
	}
	return fmt.Errorf("-V=%s: want -V or -V=full", mode)
}

// fileHash returns the SHA-256 of the file name.
func fileHash(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
