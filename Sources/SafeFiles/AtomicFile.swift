import Foundation

/// Writes a file as a whole or not at all.
///
/// The bytes go to a temporary file in the target's folder (created with `O_EXCL`, so the
/// umask applies), which is flushed with `fsync`, renamed over the target and made durable
/// with an `fsync` of the folder. A reader, or kfc interrupted at any point, sees the old
/// file or the new one, never a mix; a crash can at most leave a `.NAME.kfc-*` temporary file.
/// A symbolic link at the target is replaced, never written through.
package enum AtomicFile {
    /// Writes `bytes` to `path`, keeping the permission bits of a file already there.
    ///
    /// - Parameter beforeRename: Runs once the temporary file is written and flushed, before
    ///   it replaces `path` (a hook for tests that stop a process in the middle of a write).
    package static func write(
        _ bytes: some Sequence<UInt8>, to path: String, beforeRename: (() -> Void)? = nil
    ) throws(FileError) {
        try write(pieces: [Array(bytes)[...]], to: path, beforeRename: beforeRename)
    }

    /// Writes the concatenation of `pieces` to `path`, keeping the permission bits of a file
    /// already there: a file assembled from buffers written apart (`kfc build`'s YAML, encoded
    /// in chunks on every core) is written without copying them into one first.
    package static func write(
        pieces: [ArraySlice<UInt8>], to path: String, beforeRename: (() -> Void)? = nil
    ) throws(FileError) {
        var mode: mode_t?
        var st = stat()
        if lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG { mode = st.st_mode & 0o7777 }
        try write(pieces, to: path, mode: mode, owner: nil, beforeRename: beforeRename)
    }

    /// Writes the concatenation of `pieces` to `path` with `mode` (else the default for a new
    /// file) and `owner`.
    static func write(
        _ pieces: [ArraySlice<UInt8>], to path: String, mode: mode_t?, owner: (uid_t, gid_t)?,
        beforeRename: (() -> Void)? = nil
    ) throws(FileError) {
        let folder = directory(of: path)
        let temp =
            "\(folder)/.\((path as NSString).lastPathComponent).kfc-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw .errno(path) }
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        do {
            defer { close(fd) }
            if let mode, fchmod(fd, mode) != 0 { throw FileError.errno(path) }
            if let (uid, gid) = owner, fchown(fd, uid, gid) != 0 { throw FileError.errno(path) }
            for piece in pieces { try writeAll(fd, piece, path: path) }
            if fsync(fd) != 0 { throw FileError.errno(path) }
        }
        beforeRename?()
        guard rename(temp, path) == 0 else { throw .errno(path) }
        ok = true
        syncDirectory(folder)
    }

    /// Writes all of `bytes` to `fd` from its current offset, retrying on `EINTR`.
    static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>, path: String) throws(FileError) {
        if let failure = bytes.withUnsafeBytes({ writeAll(fd, $0) }) {
            throw FileError(path: path, kind: .system(failure))
        }
    }

    /// Writes all of `bytes` to `fd` from its current offset with write(2), retrying on
    /// `EINTR`: the `errno` of a failure, or nil (kfc's stdout, which reports it once).
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard let base = bytes.baseAddress else { return nil }
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, base + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += n
        }
        return nil
    }

    /// Makes a rename or an unlink in `folder` durable (best effort: some file systems refuse).
    static func syncDirectory(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// The folder of `path` (`.` for a bare name).
    static func directory(of path: String) -> String {
        let d = (path as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
    }
}
