package main

import (
	"bytes"
	"runtime/debug"
	"strings"
	"testing"
)

// runCLI runs kafix's own command line in process and returns its
// exit status, stdout and stderr.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := runMigration(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// noPackage is a pattern that names no package: a command line that
// kafix accepted would fail to load it, quickly and with another
// message.
const noPackage = "./no-such-directory/..."

// TestCommandLineErrors: a wrong flag or flag value is printed in one
// line followed by where the usage is, as go vet does, not by the
// whole usage; the exit status is 2.
func TestCommandLineErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-idle=abc", noPackage}, `kafix: invalid value "abc" for flag -idle: parse error`},
		{[]string{"-gate=bogus", noPackage}, `kafix: invalid value "bogus" for flag -gate: want one of none, flag, env`},
		{[]string{"-no-such-flag", noPackage}, `kafix: flag provided but not defined: -no-such-flag`},
		{[]string{"-require=always", noPackage}, `kafix: keepalive: require="always": want "explicit" or "on"`},
	} {
		code, stdout, stderr := runCLI(t, tc.args...)
		if want := tc.want + "\nrun 'kafix -h' for usage\n"; code != 2 || stdout != "" || stderr != want {
			t.Errorf("kafix %s: exit %d, stdout %q, stderr:\n%s\nwant exit 2, stderr:\n%s", strings.Join(tc.args, " "), code, stdout, stderr, want)
		}
	}
}

// TestConflictingModes: -check, -json and -diff exclude one another,
// whatever their order: one line names those given, exit status 2.
func TestConflictingModes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-json", "-diff"}, "-json and -diff"},
		{[]string{"-diff", "-json"}, "-json and -diff"},
		{[]string{"-check", "-diff"}, "-check and -diff"},
		{[]string{"-json", "-check"}, "-check and -json"},
		{[]string{"-check", "-json", "-diff", "-v"}, "-check, -json and -diff"},
	} {
		code, stdout, stderr := runCLI(t, append(tc.args, noPackage)...)
		if want := "kafix: " + tc.want + " cannot be used together: pick one\n"; code != 2 || stdout != "" || stderr != want {
			t.Errorf("kafix %s: exit %d, stdout %q, stderr %q; want exit 2, stderr %q", strings.Join(tc.args, " "), code, stdout, stderr, want)
		}
	}
}

// TestHelp: -h prints the usage, which names every mode and the
// directives, and every flag, on stderr, and exits 0.
func TestHelp(t *testing.T) {
	code, stdout, stderr := runCLI(t, "-h")
	if code != 0 || stdout != "" {
		t.Errorf("kafix -h: exit %d, stdout %q; want 0 and nothing", code, stdout)
	}
	for _, want := range []string{
		"kafix -diff [flags]", "kafix -check [flags]", "kafix -json [flags]", "kafix -version ",
		"-check, -json and -diff exclude one another",
		"//kafix:ignore <reason>", "//kafix:file-ignore <reason>",
		"\t2  the command line is wrong",
		"\n  -version\n", "\n  -user-timeout value\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("kafix -h does not say %q:\n%s", want, stderr)
		}
	}
}

// TestVersionFlag: -version prints the version from the build info on
// stdout and exits 0.
func TestVersionFlag(t *testing.T) {
	code, stdout, stderr := runCLI(t, "-version")
	if want := "kafix version " + version(debug.ReadBuildInfo()) + "\n"; code != 0 || stdout != want || stderr != "" {
		t.Errorf("kafix -version: exit %d, stdout %q, stderr %q; want 0, %q", code, stdout, stderr, want)
	}
}

// TestVersion: the version is the module's when the binary was built
// as a module version, else "(devel)" with the VCS revision and whether
// the tree was modified, when the build recorded them.
func TestVersion(t *testing.T) {
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "d12873745f5ba61f11431d4febfa3e3aae1222cb"},
			{Key: "vcs.time", Value: "2026-12-08T01:20:37Z"},
			{Key: "vcs.modified", Value: modified},
		}
	}
	for _, tc := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"go install @v1.2.0", &debug.BuildInfo{Main: debug.Module{Path: "github.com/kafix/kafix", Version: "v1.2.0"}}, "v1.2.0"},
		{"a stamped checkout", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261208012037-d12873745f5b+dirty"}, Settings: vcs("true")}, "v0.0.0-20261208012037-d12873745f5b+dirty"},
		{"devel, modified", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("true")}, "(devel) vcs.revision=d12873745f5ba61f11431d4febfa3e3aae1222cb vcs.modified=true"},
		{"devel, clean", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("false")}, "(devel) vcs.revision=d12873745f5ba61f11431d4febfa3e3aae1222cb"},
		{"devel, no vcs", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "(devel)"},
		{"a test binary", &debug.BuildInfo{}, "(devel)"},
	} {
		if got := version(tc.info, true); got != tc.want {
			t.Errorf("%s: version %q, want %q", tc.name, got, tc.want)
		}
	}
	if got := version(nil, false); got != "(devel)" {
		t.Errorf("no build info: version %q, want (devel)", got)
	}
}
