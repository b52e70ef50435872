import Foundation

/// An exclusive `flock(2)` on a lock file, held until ``release()`` or until the value is gone.
///
/// The lock belongs to the open file description, so two processes (and two `FileLock`s in
/// one process) exclude each other; the kernel releases it when the process ends, however it
/// ends, so a crashed run never leaves a folder locked. The lock file itself is never
/// removed (removing it would let two processes lock two different files of one name).
package final class FileLock: @unchecked Sendable {
    /// The lock file.
    package let path: String
    private var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    /// Takes the lock on `path` (created if missing).
    ///
    /// - Parameter wait: Wait for another holder to release it; else fail at once with `.busy`.
    package static func acquire(_ path: String, wait: Bool) throws(FileError) -> FileLock {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .errno(path) }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            let e = errno
            if e == EINTR { continue }
            close(fd)
            throw FileError(path: path, kind: e == EWOULDBLOCK ? .busy : .system(e))
        }
        return FileLock(path: path, fd: fd)
    }

    /// Releases the lock (also done when the value is deinitialised).
    package func release() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
    }

    deinit { release() }
}
