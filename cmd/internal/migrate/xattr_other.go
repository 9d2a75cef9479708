//go:build unix && !linux && !darwin

package migrate

// copyXattrs has nothing to do: kafix keeps extended attributes on
// Linux and darwin only (the BSDs' extattr calls differ).
func copyXattrs(to, from string) error { return nil }
