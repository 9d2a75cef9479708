//go:build !linux && !darwin

package migrate

// exchangeNames cannot swap two names atomically here: writeFiles
// compares the file right before it renames over it.
func exchangeNames(a, b string) error { return errNoExchange }
