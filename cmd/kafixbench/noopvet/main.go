// Command noopvet is the no-op vettool that kafixbench compares
// go vet -vettool=kafix against: unitchecker, the driver that go vet
// runs once per package, with the real floor's analyzer
// (cmd/kafixbench/internal/noop), which declares no facts and reports
// nothing.
//
//	go vet -vettool=$(command -v noopvet) packages
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/kafix/kafix/cmd/kafixbench/internal/noop"
)

func main() { unitchecker.Main(noop.Analyzer) }
