// Package fdtaken takes the fds of Go listeners raw (File,
// SyscallConn) and accepts their connections raw in other functions,
// where the analyzer does not follow the fd: those connections never
// see a ListenConfig's KeepAliveConfig, so the fix sets the timers on
// the listening socket too, which Linux and the BSDs copy to accepted
// sockets.
package fdtaken
