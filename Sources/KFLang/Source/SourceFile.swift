import Foundation

/// Identifies a source file inside a `SourceManager`.
package struct FileID: Hashable, Sendable, Comparable, Codable {
    /// Index of the file in its manager.
    package var raw: UInt32
    package init(_ raw: UInt32) { self.raw = raw }
    package static func < (a: FileID, b: FileID) -> Bool { a.raw < b.raw }
}

/// One loaded `.kf` file: its display path and bytes, with a line table for location lookups.
///
/// Text is kept as raw bytes: invalid UTF-8 is diagnosed by the lexer, never trapped on.
package struct SourceFile: Sendable {
    /// The file's identity in its manager.
    package let id: FileID
    /// The path as it should be displayed (relative where possible).
    package let path: String
    /// The file's bytes, exactly as read.
    package let bytes: [UInt8]
    /// Byte offset of the first byte of every line (line 1 starts at 0), computed on first
    /// use: most manifest files `kfc verify` reads are never pointed into, and their tables
    /// would be tens of megabytes at scale.
    package var lineStarts: [Int] { lines.starts(of: bytes) }
    private let lines = LineTable()
    /// Whether the line table has been computed (for tests).
    package var lineTableIsBuilt: Bool { lines.isBuilt }

    /// Creates a source file; its line table is computed when first needed.
    package init(id: FileID, path: String, bytes: [UInt8]) {
        self.id = id
        self.path = path
        self.bytes = bytes
    }

    /// The 1-based line containing `offset`.
    package func line(of offset: Int) -> Int {
        let lineStarts = lineStarts
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo + 1
    }

    /// The 1-based line and column (in bytes) of `offset`.
    package func location(of offset: Int) -> (line: Int, column: Int) {
        let l = line(of: offset)
        return (l, offset - lineStarts[l - 1] + 1)
    }

    /// The text of 1-based line `n` without its line terminator; invalid UTF-8 is repaired.
    package func lineText(_ n: Int) -> String {
        let lineStarts = lineStarts
        guard n >= 1, n <= lineStarts.count else { return "" }
        let start = lineStarts[n - 1]
        var end = n < lineStarts.count ? lineStarts[n] - 1 : bytes.count
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The text covered by a byte range, with invalid UTF-8 repaired.
    package func text(_ range: Range<Int>) -> String {
        let lo = max(0, min(range.lowerBound, bytes.count))
        let hi = max(lo, min(range.upperBound, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

/// A file's line table, computed once on first use (copies of a `SourceFile` share it).
private final class LineTable: @unchecked Sendable {
    // @unchecked: `starts` is read and written only under `lock`.
    private let lock = NSLock()
    private var starts: [Int]?

    var isBuilt: Bool {
        lock.lock()
        defer { lock.unlock() }
        return starts != nil
    }

    func starts(of bytes: [UInt8]) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        if let starts { return starts }
        var table = [0]
        bytes.withUnsafeBufferPointer { b in
            for i in b.indices where b[i] == 0x0A { table.append(i + 1) }
        }
        starts = table
        return table
    }
}
