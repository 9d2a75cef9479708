package golangci

import (
	"strings"
	"testing"
	"time"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/fixer"
)

func TestDecodeDefaults(t *testing.T) {
	for name, settings := range map[string]any{
		"nil":       nil,
		"empty map": map[string]any{},
	} {
		t.Run(name, func(t *testing.T) {
			cfg, err := DecodeSettings(settings)
			if err != nil {
				t.Fatalf("DecodeSettings(%v): %v", settings, err)
			}
			if want := analyzer.DefaultConfig(); cfg != want {
				t.Errorf("DecodeSettings(%v) = %+v, want defaults %+v", settings, cfg, want)
			}
		})
	}
}

func TestDecodeAllKeys(t *testing.T) {
	want := analyzer.Config{
		Require:  analyzer.RequireOn,
		Loopback: true,
		Tests:    true,
		Policy: fixer.Policy{
			Idle:        45 * time.Second,
			Interval:    2 * time.Minute,
			Count:       3,
			UserTimeout: 90 * time.Second,
			Gate:        fixer.GateFlag,
			GateName:    "keepalive-on",
		},
	}
	// map[string]any is what golangci-lint's config loader hands over;
	// map[any]any is what some YAML decoders produce for nested maps.
	for name, settings := range map[string]any{
		"map[string]any": map[string]any{
			"require":      "on",
			"loopback":     true,
			"tests":        true,
			"idle":         "45s",
			"interval":     "2m",
			"count":        3,
			"user-timeout": "90s",
			"gate":         "flag",
			"gate-name":    "keepalive-on",
		},
		"map[any]any": map[any]any{
			"require":      "on",
			"loopback":     true,
			"tests":        true,
			"idle":         "45s",
			"interval":     "2m",
			"count":        uint64(3),
			"user-timeout": "1m30s",
			"gate":         "flag",
			"gate-name":    "keepalive-on",
		},
		"float count from JSON": map[string]any{
			"require":      "on",
			"loopback":     true,
			"tests":        true,
			"idle":         "45s",
			"interval":     "2m0s",
			"count":        3.0,
			"user-timeout": "90s",
			"gate":         "flag",
			"gate-name":    "keepalive-on",
		},
	} {
		t.Run(name, func(t *testing.T) {
			cfg, err := DecodeSettings(settings)
			if err != nil {
				t.Fatalf("DecodeSettings: %v", err)
			}
			if cfg != want {
				t.Errorf("DecodeSettings = %+v, want %+v", cfg, want)
			}
		})
	}
}

func TestDecodePartialKeepsDefaults(t *testing.T) {
	cfg, err := DecodeSettings(map[string]any{"idle": "1m"})
	if err != nil {
		t.Fatal(err)
	}
	want := analyzer.DefaultConfig()
	want.Policy.Idle = time.Minute
	if cfg != want {
		t.Errorf("DecodeSettings = %+v, want %+v", cfg, want)
	}
}

// TestDecodeUserTimeout checks the user timeout's settings: off by
// default, 0 as YAML reads it (a number), auto, and a duration.
func TestDecodeUserTimeout(t *testing.T) {
	for _, tc := range []struct {
		value any
		want  time.Duration
	}{
		{0, 0},
		{"0", 0},
		{"auto", fixer.UserTimeoutAuto},
		{"2m", 2 * time.Minute},
	} {
		cfg, err := DecodeSettings(map[string]any{"user-timeout": tc.value})
		if err != nil {
			t.Errorf("user-timeout: %v: %v", tc.value, err)
			continue
		}
		if cfg.Policy.UserTimeout != tc.want {
			t.Errorf("user-timeout: %v gives %v, want %v", tc.value, cfg.Policy.UserTimeout, tc.want)
		}
	}
	if cfg, _ := DecodeSettings(nil); cfg.Policy.UserTimeout != 0 || cfg.Tests {
		t.Errorf("defaults: user timeout %v, tests %v; want 0 (off) and false", cfg.Policy.UserTimeout, cfg.Tests)
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		settings any
		want     []string // substrings of the error
	}{
		{
			name:     "typo",
			settings: map[string]any{"intervall": "10s"},
			want:     []string{`unknown key "intervall"`, "valid keys are count, gate, gate-name, idle, interval, loopback, require, tests, user-timeout"},
		},
		{
			name:     "flag spelling with prefix",
			settings: map[string]any{"keepalive.idle": "10s"},
			want:     []string{`unknown key "keepalive.idle"`, "valid keys are"},
		},
		{
			name:     "underscore",
			settings: map[string]any{"gate_name": "x"},
			want:     []string{`unknown key "gate_name"`},
		},
		{
			name:     "bad duration",
			settings: map[string]any{"idle": "30 seconds"},
			want:     []string{"idle", `invalid duration "30 seconds"`},
		},
		{
			name:     "duration without unit",
			settings: map[string]any{"interval": "10"},
			want:     []string{"interval", `invalid duration "10"`},
		},
		{
			name:     "duration as number",
			settings: map[string]any{"idle": 30},
			want:     []string{"idle", `want a duration string such as "30s", got 30`},
		},
		{
			name:     "null duration",
			settings: map[string]any{"idle": nil},
			want:     []string{"idle", "got null"},
		},
		{
			name:     "count as string",
			settings: map[string]any{"count": "5"},
			want:     []string{"count", `want an integer, got "5"`},
		},
		{
			name:     "fractional count",
			settings: map[string]any{"count": 2.5},
			want:     []string{"count", "want an integer, got 2.5"},
		},
		{
			name:     "tests as string",
			settings: map[string]any{"tests": "yes"},
			want:     []string{"tests", `want true or false, got "yes"`},
		},
		{
			name:     "require as bool",
			settings: map[string]any{"require": true},
			want:     []string{"require", "want a string, got true"},
		},
		{
			name:     "not a mapping",
			settings: []any{"idle", "30s"},
			want:     []string{"want a mapping"},
		},
		// Values that decode but that Config.Validate refuses.
		{
			name:     "bad require",
			settings: map[string]any{"require": "always"},
			want:     []string{`require="always"`},
		},
		{
			name:     "sub-second idle",
			settings: map[string]any{"idle": "1500ms"},
			want:     []string{"idle=1.5s"},
		},
		{
			name:     "zero count",
			settings: map[string]any{"count": 0},
			want:     []string{"count=0"},
		},
		{
			name:     "bad gate",
			settings: map[string]any{"gate": "envvar"},
			want:     []string{"gate: want one of none, flag, env"},
		},
		{
			name:     "bad gate name",
			settings: map[string]any{"gate": "flag", "gate-name": "-x"},
			want:     []string{`gate-name="-x"`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(tc.settings)
			if err == nil {
				t.Fatalf("New(%v) = %+v, want an error", tc.settings, p)
			}
			if p != nil {
				t.Errorf("New(%v) returned a plugin with its error", tc.settings)
			}
			for _, s := range tc.want {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("New(%v) error = %q, want it to contain %q", tc.settings, err, s)
				}
			}
			if !strings.HasPrefix(err.Error(), "keepalive") {
				t.Errorf("error %q does not name the linter", err)
			}
		})
	}
}

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("keepalive")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(map[string]any{"count": 7})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.(*Plugin).Config().Policy.Count; got != 7 {
		t.Errorf("registered constructor decoded count = %d, want 7", got)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
}

func buildOne(t *testing.T, settings any) *analysis.Analyzer {
	t.Helper()
	p, err := New(settings)
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 {
		t.Fatalf("BuildAnalyzers returned %d analyzers, want 1", len(as))
	}
	if as[0].Name != "keepalive" {
		t.Errorf("analyzer name = %q, want keepalive", as[0].Name)
	}
	return as[0]
}

func flagValue(t *testing.T, a *analysis.Analyzer, name string) string {
	t.Helper()
	f := a.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("analyzer has no -%s flag", name)
	}
	return f.Value.String()
}

// Two plugins built from different settings must not share state with
// each other or with the package-level analyzer.Analyzer.
func TestNewDoesNotShareState(t *testing.T) {
	globalIdle := flagValue(t, analyzer.Analyzer, "idle")

	a := buildOne(t, map[string]any{"idle": "45s", "require": "on"})
	b := buildOne(t, map[string]any{"idle": "2m"})
	if a == b || a == analyzer.Analyzer || b == analyzer.Analyzer {
		t.Fatal("New returned a shared *analysis.Analyzer")
	}
	if got := flagValue(t, a, "idle"); got != "45s" {
		t.Errorf("first analyzer -idle = %s, want 45s", got)
	}
	if got := flagValue(t, b, "idle"); got != "2m0s" {
		t.Errorf("second analyzer -idle = %s, want 2m0s", got)
	}
	if got := flagValue(t, a, "require"); got != "on" {
		t.Errorf("first analyzer -require = %s, want on", got)
	}
	if got := flagValue(t, b, "require"); got != "explicit" {
		t.Errorf("second analyzer -require = %s, want explicit", got)
	}

	// Changing one analyzer's flags leaves the other and the global alone.
	if err := a.Flags.Set("count", "9"); err != nil {
		t.Fatal(err)
	}
	if got := flagValue(t, b, "count"); got != "5" {
		t.Errorf("second analyzer -count = %s after setting the first's, want 5", got)
	}
	if got := flagValue(t, analyzer.Analyzer, "count"); got != "5" {
		t.Errorf("analyzer.Analyzer -count = %s after setting a plugin's, want 5", got)
	}
	if got := flagValue(t, analyzer.Analyzer, "idle"); got != globalIdle {
		t.Errorf("analyzer.Analyzer -idle changed from %s to %s", globalIdle, got)
	}

	// Each BuildAnalyzers call gives a fresh analyzer too.
	p, err := New(nil)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := p.BuildAnalyzers()
	y, _ := p.BuildAnalyzers()
	if x[0] == y[0] {
		t.Error("BuildAnalyzers returned the same analyzer twice")
	}
}
