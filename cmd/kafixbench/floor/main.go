// Command floor is kafix's benchmark floor: the same driver as kafix
// (cmd/internal/migrate), loading and type-checking the same packages
// and running an analyzer named keepalive with the same Requires (none)
// and an action graph of the same shape, whose Run does nothing. kafixbench
// compares kafix against it, so that the cost of loading and
// type-checking, which no analyzer can avoid, is factored out.
//
// Like the real analyzer, the floor declares a fact type, so that the
// checker runs it (and the inspect pass it requires) on every
// dependency of the named packages, not only on the packages
// themselves. With -floor-facts=false it declares none and runs on the
// named packages only.
package main

import (
	"os"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/kafix/kafix/cmd/internal/migrate"
)

// floorFact is never exported; declaring it makes the checker schedule
// the floor on dependencies, as it does the real analyzer.
type floorFact struct{}

func (*floorFact) AFact()         {}
func (*floorFact) String() string { return "floor" }

var floorAnalyzer = &analysis.Analyzer{
	Name:      "keepalive",
	Doc:       "benchmark floor: loads and type-checks like keepalive, reports nothing",
	FactTypes: []analysis.Fact{new(floorFact)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

// factsFlag switches the floor's fact type on and off.
type factsFlag struct{}

func (factsFlag) String() string   { return strconv.FormatBool(len(floorAnalyzer.FactTypes) > 0) }
func (factsFlag) IsBoolFlag() bool { return true }
func (factsFlag) Set(s string) error {
	on, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	floorAnalyzer.FactTypes = nil
	if on {
		floorAnalyzer.FactTypes = []analysis.Fact{new(floorFact)}
	}
	return nil
}

func init() {
	floorAnalyzer.Flags.Var(factsFlag{}, "floor-facts", "declare a fact type, so that the floor runs on dependencies too, like the real analyzer")
}

func main() { os.Exit(migrate.Main(floorAnalyzer)) }
