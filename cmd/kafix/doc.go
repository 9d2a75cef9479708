// Command kafix finds TCP connections created without a deliberate
// keepalive policy and rewrites the code so that they have one.
//
// Usage:
//
//	kafix [flags] packages     migrate in place (like go fix)
//	kafix -diff packages       print the diff, write nothing
//	kafix -check packages      report only (-json for JSON)
//	kafix -version             print the version
//
// The same binary serves go vet -vettool and go fix -fixtool: given
// -V=full, -flags or a unit .cfg file, it speaks their protocol, and the
// analyzer's flags keep their plain names there (-require, not
// -keepalive.require). Anything else is the migration command, described
// here; kafix -h lists the flags.
//
// -check and -json work each fix out too, without printing it: that is
// how their messages say what the fix sets. -v prints progress on stderr
// (files parsed while loading, one line per package analyzed, each
// further pass, each file written) and each fix's description. A run
// ends with a summary on stderr (-json prints it only with -v):
//
//	kafix: skipped package example.com/m/broken: broken/broken.go:7:9: undefined: undefinedName
//	kafix: ro/ro.go not written: the file is read-only
//	kafix: left left/left.go:6:9: no automatic fix: assign the result to a variable and check its error
//	kafix: left ro/ro.go:6:9: ro/ro.go not written: the file is read-only
//	kafix: 3 sites found, 1 fixed, 2 left, 1 file written, 1 package skipped (9.8s)
//
// A site counts as fixed when its fix meets the policy in force (by
// default, keepalive with the policy's timers; with -user-timeout, the
// user timeout too, on the systems that have it); otherwise it is
// "partly fixed", with the reason, and the totals say so.
//
// Exit status: 0 nothing left to do; 1 -diff printed a difference; 2
// the command line is wrong (a bad flag or value, two of -check, -json
// and -diff) or something was skipped because of an error (a package
// that does not load or type-check, a module the go command refuses, a
// file not written, a fix that would not compile), which takes
// precedence; 3 -check or -json found sites or directives without a
// reason, or sites were left without a fix.
//
// A run sees the files that build for its GOOS and build tags. Files of
// the named packages that refer to a socket package but build only for
// other systems, only with tags the run lacks, or use cgo (which kafix
// does not fix) are named on stderr, in every mode, with what to run:
// GOOS=windows kafix ./..., GOFLAGS=-tags=integration kafix ./....
//
// # Safety of the migration
//
// kafix ./... edits code in place and is built never to lose a byte of
// it.
//
//   - Nothing is written before everything is checked. The fixes are
//     merged file by file, then every package that holds a changed file
//     (its test variant too) is parsed and type-checked with the new
//     contents. A package that does not compile with all its fixes keeps
//     those it compiles with; a fix it cannot compile with is refused,
//     named with the compiler's message, and the exit status is 2.
//   - Conflicting fixes are resolved or refused, never interleaved.
//     Identical edits (the same import) are shared. A fix whose edits
//     overlap another's, or that compiles alone but not with the others,
//     is set aside whole and tried again on the code as fixed so far, in
//     memory, up to four passes; what still conflicts is named.
//   - Broken packages are skipped; the others are fixed. A package that
//     does not load, parse or type-check, and every package importing
//     one, is named with its first error and left untouched.
//   - A package is written all or none. Every file of a package gets its
//     new contents in a temporary file in the same directory
//     (.<file>.kafix-<pid>-<n>) with the original's mode (setuid, setgid
//     and sticky bits included), extended attributes (Linux, darwin) and,
//     as root, its owner; all are synced before the first original is
//     replaced. If any step fails, the files already replaced are put
//     back and the package is named as not written. A later run removes
//     the temporary files of runs whose process is gone.
//   - A file saved during the run is kept. On Linux (renameat2
//     RENAME_EXCHANGE) and darwin (renamex_np RENAME_SWAP) the new file
//     and the original swap names in one step, and kafix compares what
//     came out with what it loaded: a save made at any moment before is
//     swapped back, with the package's other files. Elsewhere the
//     comparison is made right before a plain rename, and an editor that
//     renames its save over the file in between can still lose it.
//   - Ctrl-C and SIGTERM before writing starts exit at once (status 2,
//     nothing written); during writing, the package in hand is finished,
//     the packages not yet written are named, and the status is 2. A
//     SIGKILL in the middle of a package can still leave it half-written.
//   - Only the main modules' files are written (in GOPATH mode, those of
//     the packages named): the standard library, even as root, the module
//     cache, dependencies and vendor/ are left, each site named with the
//     reason. Read-only files, files with several hard links and files
//     that changed on disk since they were loaded are named and left as
//     they were. Symbolic links are followed: the target is fixed once,
//     the link stays a link.
//   - Only the lines a fix changes are touched: an un-gofmt'd file keeps
//     its layout elsewhere, byte for byte; CRLF files keep CRLF on every
//     line. Generated files are never edited.
package main
