// Package testsonly dials nothing itself: its only site is in a test,
// so the option setter goes in a test file and the package built
// without its tests carries none of it.
package testsonly

// Version is the package's only declaration.
func Version() int { return 1 }
