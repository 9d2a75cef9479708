// Package ignoretestfile has a directive without a reason in a test
// file, which is not reported without -tests: neither are the test
// file's sites.
package ignoretestfile
