import Foundation

/// Rewrites a user's file with new contents while keeping what makes it *that* file: its
/// permission bits, its owner and group, the symbolic links that lead to it and the hard links
/// that share it.
///
/// - A symbolic link is followed: the file it leads to is rewritten and the link stays a link.
/// - A file without any write permission bit (`0444`) is refused with `.readOnly`, even for
///   root: its owner asked for it not to change.
/// - A file with one link, whose owner this user can give to a new file, is replaced
///   atomically (``AtomicFile``, with the old mode and owner).
/// - Otherwise (hard links, another owner, a folder kfc cannot create a file in) the same inode
///   is rewritten: written from offset 0, truncated to the new length and flushed with `fsync`.
///   That keeps every link and the owner, but is not atomic.
package enum InPlaceRewrite {
    /// Rewrites the file at `path` (followed through symbolic links) to hold `bytes`.
    package static func rewrite(_ path: String, with bytes: [UInt8]) throws(FileError) {
        guard let resolved = realpath(path, nil) else { throw .errno(path) }
        let target = String(cString: resolved)
        free(resolved)
        var st = stat()
        guard stat(target, &st) == 0 else { throw .errno(path) }
        guard st.st_mode & S_IFMT == S_IFREG else { throw FileError(path: path, kind: .system(EINVAL)) }
        if st.st_mode & 0o222 == 0 || access(target, W_OK) != 0 { throw FileError(path: path, kind: .readOnly) }
        let euid = geteuid()
        let canOwn = euid == 0 || (st.st_uid == euid && st.st_gid == getegid())
        if st.st_nlink == 1, canOwn, access(AtomicFile.directory(of: target), W_OK) == 0 {
            do {
                try AtomicFile.write([bytes[...]], to: target, mode: st.st_mode & 0o7777, owner: (st.st_uid, st.st_gid))
                return
            } catch {
                // Fall through: the same inode can still be rewritten.
            }
        }
        let fd = open(target, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .errno(path) }
        defer { close(fd) }
        try AtomicFile.writeAll(fd, bytes[...], path: path)
        if ftruncate(fd, off_t(bytes.count)) != 0 { throw .errno(path) }
        if fsync(fd) != 0 { throw .errno(path) }
    }
}
