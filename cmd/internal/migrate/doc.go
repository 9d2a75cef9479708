// Package migrate is kafix's own driver: it loads packages, runs the
// keepalive analyzer over them and then reports its findings, prints
// the diff of its fixes, or applies them to the files in place without
// ever losing a byte of the user's code (the guarantees are listed in
// the command's documentation, go doc ./cmd/kafix).
//
// # Speed
//
// The driver is measured against the plain x/tools driver
// (singlechecker) running an analyzer that visits every call and
// reports nothing (cmd/kafixbench/realfloor). It stays at that floor
// this way:
//
//   - Dependencies come from export data. Like the x/tools drivers, it
//     type-checks only the packages named and their test variants with
//     bodies. The standard library exports no facts
//     (TestStdExportsNoFacts). A dependency that could export one
//     (outside std, importing a socket package directly or through such
//     a dependency) is loaded and analyzed on its own first, and its facts
//     are kept by object path for the passes that see it through export
//     data.
//   - Only socket code is read: the analyzer's fast path skips packages
//     that import no socket package and no package with keepalive facts,
//     and builds its inspector over the files that refer to those
//     packages only (package analyzer, Facts).
//   - Memory is released as the analysis goes. Each package's syntax and
//     type information is dropped once its pass is done, so loading is a
//     run's peak; the difference is spent on the collector, which runs at
//     GOGC=200 unless GOGC or GOMEMLIMIT is set.
//   - Fixes are built after the analysis, on a small heap. Under this
//     driver the analyzer returns its sites instead of fixing them in the
//     pass (analyzer.DeferFixes); go vet, go fix and golangci-lint get the
//     fixes in the pass as usual. Once the analysis is done, everything
//     but the packages with sites is released, then the fixes are built a
//     package per processor; a site in a file shared by a package and its
//     test variant is fixed once.
//   - Verify checks what changed. The packages with changes are
//     type-checked in parallel, the files that no fix changed without
//     their function bodies (every package-level object's type and
//     methods are compared, and the package is checked again in full on
//     any difference or error).
package migrate
