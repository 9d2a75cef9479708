package analyzer

// findSocketConstructors records the functions of this package that
// pass their parameters into a Socket call. (Raw sockets: see issue.)
func (c *checker) findSocketConstructors() {}

// findRawSites finds raw syscall and x/sys/unix TCP sockets.
func (c *checker) findRawSites() []site { return nil }
