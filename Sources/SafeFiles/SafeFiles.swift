/// # SafeFiles
///
/// How kfc writes the files it owns, so that nothing is lost or left half-written:
///
/// - ``AtomicFile`` writes a file as a whole or not at all (a temporary file in the same
///   folder, `fsync`, `rename`, `fsync` of the folder).
/// - ``FileLock`` is an exclusive `flock(2)` on a lock file: a run folder or a privacy ledger
///   in use by another process is refused or waited for, never shared.
/// - ``OutputFolder`` writes a set of files into a folder and removes the files an earlier,
///   larger output left there — only those it recorded in its manifest, never a user's file.
/// - ``InPlaceRewrite`` rewrites a user's file keeping its mode, owner, symbolic links and
///   hard links (`kfc fmt`).
///
/// Only Foundation and libc; errors are ``FileError`` values with the path and the reason.
enum SafeFiles {}
