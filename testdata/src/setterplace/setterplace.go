// Package setterplace is a library whose only site is in dial.go: the
// option setter, an unexported helper, goes there, next to the code
// that uses it, rather than in this file named after the package.
package setterplace

// Version is the library's version.
const Version = 1
