// A module of its own, so that golangci-lint run ./... in the target
// (which expects every site fixed) does not see it:
// TestSameMessageEveryDriver runs every driver on it separately.
module kafix.test/nofix

go 1.26
