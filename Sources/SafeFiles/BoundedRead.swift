import Foundation

/// Reads a whole input file, but never more than a limit.
///
/// `FileManager.contents(atPath:)` reads whatever the path holds: `/dev/zero` or a FIFO never
/// ends, and a multi-gigabyte file is read whole before anything can refuse it. This reads at
/// most `limit + 1` bytes and says so when there are more.
package enum BoundedRead {
    /// The outcome of a read.
    package enum Outcome: Sendable, Equatable {
        /// The file's bytes.
        case bytes([UInt8])
        /// The file holds more than the limit; `size` is its size when known (else limit + 1).
        case tooLarge(size: Int)
        /// The file cannot be read (missing, a folder, permissions).
        case unreadable(Int32)
    }

    /// The most bytes of a `.kf`, YAML, IR or policy file kfc reads: 16 MiB.
    package static let sourceLimit = 16 << 20
    /// The most bytes of a CSV data set kfc reads: 1 GiB.
    package static let dataLimit = 1 << 30
    /// The most bytes of a run plan `kfc exec` reads: 256 MiB (a plan of 100,000 clients is
    /// about 50 MB).
    package static let planLimit = 256 << 20

    /// Reads `path` up to `limit` bytes.
    package static func contents(_ path: String, limit: Int) -> Outcome {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .unreadable(errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .unreadable(errno) }
        if st.st_mode & S_IFMT == S_IFDIR { return .unreadable(EISDIR) }
        if st.st_mode & S_IFMT == S_IFREG, Int(st.st_size) > limit { return .tooLarge(size: Int(st.st_size)) }
        // Blocking reads from here on (a FIFO was opened without waiting for a writer).
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        if st.st_mode & S_IFMT == S_IFREG, let whole = regularFile(fd, size: Int(st.st_size), limit: limit) {
            return whole
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while out.count <= limit {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, min($0.count, limit + 1 - out.count)) }
            if n < 0 {
                if errno == EINTR { continue }
                return .unreadable(errno)
            }
            if n == 0 { return .bytes(out) }
            out.append(contentsOf: chunk[0..<n])
        }
        return .tooLarge(size: max(Int(st.st_size), out.count))
    }

    /// A regular file read straight into one buffer of its size (plus one byte, to see a file
    /// that grew past the limit since `fstat`): no chunk is copied and no buffer regrown, which
    /// for the 60 MB of a large build's manifests is a copy and a third of their page faults
    /// saved. Nil, with the file's offset back at its start, when the file turned out longer than
    /// `size` (it grew) but not past the limit: the caller then reads it in chunks.
    private static func regularFile(_ fd: Int32, size: Int, limit: Int) -> Outcome? {
        var failure: Int32 = 0
        var grew = false
        let capacity = min(size, limit) + 1
        let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            while count < capacity {
                let n = read(fd, buffer.baseAddress! + count, capacity - count)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                count += n
            }
            grew = count == capacity
        }
        if failure != 0 { return .unreadable(failure) }
        if !grew { return .bytes(bytes) }
        if bytes.count > limit { return .tooLarge(size: max(size, bytes.count)) }
        // From the start again, in chunks.
        return lseek(fd, 0, SEEK_SET) == 0 ? nil : .unreadable(errno)
    }
}
