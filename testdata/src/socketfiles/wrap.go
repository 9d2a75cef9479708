package socketfiles

// Prepare readies c for use; keepalive comes from Tune. This file
// refers to no socket package.
func Prepare(c any) { // want Prepare:"setsKeepAlive\\[0\\]"
	Tune(c)
}
