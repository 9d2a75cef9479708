package analyzer_test

import (
	"github.com/kafix/kafix/analyzer"
	"github.com/kafix/kafix/fixer"
)

// defaultConfig is the default configuration with the default policy
// of issue 22, keepalive only (-user-timeout=0), said explicitly so
// that the goldens show that shape whatever DefaultPolicy's user
// timeout is.
func defaultConfig() analyzer.Config {
	cfg := analyzer.DefaultConfig()
	cfg.Policy.UserTimeout = 0
	return cfg
}

// autoConfig is the default configuration with -user-timeout=auto:
// the option setter's shapes.
func autoConfig() analyzer.Config {
	cfg := analyzer.DefaultConfig()
	cfg.Policy.UserTimeout = fixer.UserTimeoutAuto
	return cfg
}

// autoTestsConfig is autoConfig with -tests: packages whose _test.go
// files hold sites too.
func autoTestsConfig() analyzer.Config {
	cfg := autoConfig()
	cfg.Tests = true
	return cfg
}
