// Package golangci registers the keepalive analyzer as a golangci-lint v2
// module plugin named "keepalive".
//
// Build a golangci-lint binary that contains it with `golangci-lint custom`
// and a .custom-gcl.yml that lists
//
//	plugins:
//	  - module: github.com/kafix/kafix
//	    import: github.com/kafix/kafix/golangci
//	    version: <version>
//
// then enable it in .golangci.yml:
//
//	linters:
//	  enable: [keepalive]
//	  settings:
//	    custom:
//	      keepalive:
//	        type: module
//	        settings:
//	          require: explicit
//	          tests: false
//	          idle: 30s
//	          interval: 10s
//	          count: 5
//	          user-timeout: 0
//	          gate: none
//	          gate-name: tcp-keepalive
//
// The settings are the analyzer's flags. Unknown keys and malformed
// values are errors, so a typo does not silently fall back to a default.
// golangci-lint's own run.tests decides whether it loads _test.go
// files; the tests setting decides whether their sites are reported.
package golangci

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/kafix/kafix/analyzer"
)

// Name is the linter's name in golangci-lint's configuration. It is the
// analyzer's name too.
const Name = "keepalive"

func init() {
	register.Plugin(Name, New)
}

// Plugin is the golangci-lint plugin for one configuration.
type Plugin struct {
	cfg analyzer.Config
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes golangci-lint's settings for the linter (nil when there
// are none) on top of analyzer.DefaultConfig and validates the result.
func New(settings any) (register.LinterPlugin, error) {
	cfg, err := DecodeSettings(settings)
	if err != nil {
		return nil, err
	}
	return &Plugin{cfg: cfg}, nil
}

// Config returns the policy the plugin enforces.
func (p *Plugin) Config() analyzer.Config { return p.cfg }

// BuildAnalyzers returns a keepalive analyzer of its own, built for the
// plugin's configuration.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{analyzer.New(p.cfg)}, nil
}

// GetLoadMode reports that the analyzer needs type information.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// DecodeSettings turns golangci-lint's settings value (a map decoded
// from YAML, JSON or TOML, or nil) into a validated analyzer.Config,
// starting from analyzer.DefaultConfig. The keys are the analyzer's
// flags, read through Config.RegisterFlags, so that a new flag is a
// new setting: booleans are true or false, durations strings such as
// "30s", count an integer, the others strings.
func DecodeSettings(settings any) (analyzer.Config, error) {
	cfg := analyzer.DefaultConfig()
	if settings == nil {
		return cfg, nil
	}
	flags := settingFlags(&cfg)
	keys := settingKeys()

	// golangci-lint hands over what its config loader produced
	// (map[string]any, possibly with nested map[any]any from some
	// decoders); a JSON round trip gives one shape to work with.
	raw, err := json.Marshal(normalize(settings))
	if err != nil {
		return cfg, fmt.Errorf("%s settings: %w", Name, err)
	}
	if string(raw) == "null" {
		return cfg, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return cfg, fmt.Errorf("%s settings: want a mapping of %s, got %s", Name, strings.Join(keys, ", "), raw)
	}

	for _, k := range slices.Sorted(maps.Keys(fields)) {
		f := flags.Lookup(k)
		if f == nil {
			return cfg, fmt.Errorf("%s settings: unknown key %q; valid keys are %s", Name, k, strings.Join(keys, ", "))
		}
		text, err := settingText(k, f.Value, fields[k])
		if err != nil {
			return cfg, err
		}
		if err := f.Value.Set(text); err != nil {
			return cfg, fmt.Errorf("%s settings: %s: %v", Name, k, err)
		}
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("%s settings: %w", Name, err)
	}
	return cfg, nil
}

// settingFlags are the analyzer's flags, which write into cfg: one
// per setting.
func settingFlags(cfg *analyzer.Config) *flag.FlagSet {
	flags := flag.NewFlagSet(Name, flag.ContinueOnError)
	cfg.RegisterFlags(flags)
	return flags
}

// settingKeys lists the keys that settings may hold, in the order the
// error messages name them (alphabetical).
func settingKeys() []string {
	var keys []string
	settingFlags(new(analyzer.Config)).VisitAll(func(f *flag.Flag) { keys = append(keys, f.Name) })
	return keys
}

// settingText is the command-line text of a setting's value v, checked
// against the kind of value the flag holds.
func settingText(key string, value flag.Value, v json.RawMessage) (string, error) {
	var current any
	if g, ok := value.(flag.Getter); ok {
		current = g.Get()
	}
	switch current.(type) {
	case bool:
		var b bool
		if err := json.Unmarshal(v, &b); err != nil || isNull(v) {
			return "", fmt.Errorf("%s settings: %s: want true or false, got %s", Name, key, v)
		}
		return strconv.FormatBool(b), nil
	case int:
		var n int
		err := decodeInt(key, v, &n)
		return strconv.Itoa(n), err
	case time.Duration:
		var d time.Duration
		err := decodeDuration(key, v, &d)
		return d.String(), err
	}
	var number json.Number
	if json.Unmarshal(v, &number) == nil {
		return number.String(), nil // user-timeout: 0, as YAML reads it
	}
	var s string
	err := decodeString(key, v, &s)
	return s, err
}

func decodeString(key string, v json.RawMessage, dst *string) error {
	if err := json.Unmarshal(v, dst); err != nil || isNull(v) {
		return fmt.Errorf("%s settings: %s: want a string, got %s", Name, key, v)
	}
	return nil
}

func decodeDuration(key string, v json.RawMessage, dst *time.Duration) error {
	var s string
	if err := json.Unmarshal(v, &s); err != nil || isNull(v) {
		return fmt.Errorf("%s settings: %s: want a duration string such as \"30s\", got %s", Name, key, v)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%s settings: %s: invalid duration %q: want a duration such as \"30s\" or \"1m\"", Name, key, s)
	}
	*dst = d
	return nil
}

func decodeInt(key string, v json.RawMessage, dst *int) error {
	if err := json.Unmarshal(v, dst); err != nil || isNull(v) {
		return fmt.Errorf("%s settings: %s: want an integer, got %s", Name, key, v)
	}
	return nil
}

func isNull(v json.RawMessage) bool {
	return string(bytes.TrimSpace(v)) == "null"
}

// normalize turns map[any]any (as some YAML decoders produce) into
// map[string]any so that encoding/json accepts it.
func normalize(v any) any {
	switch v := v.(type) {
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = normalize(e)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, e := range v {
			s[i] = normalize(e)
		}
		return s
	}
	return v
}
