// Command realfloor is kafixbench's real floor: the plain x/tools
// driver (singlechecker), as a user runs any other linter, with an
// analyzer that visits every call, declares no facts and reports
// nothing (cmd/kafixbench/internal/noop). Without facts, singlechecker
// type-checks only the named packages (and their test variants) from
// source and loads their dependencies from export data: this is what
// kafix is compared against, not only the floor that runs through
// kafix's own driver (cmd/kafixbench/floor).
//
//	realfloor [-test=false] packages
package main

import (
	"golang.org/x/tools/go/analysis/singlechecker"

	"github.com/kafix/kafix/cmd/kafixbench/internal/noop"
)

func main() { singlechecker.Main(noop.Analyzer) }
