import Foundation

/// Splits a byte stream into JSON-RPC message bodies by their `Content-Length` headers.
///
/// A header block is lines ending in `\r\n` up to an empty line; `Content-Length` is required,
/// `Content-Type` is accepted and ignored. A block without a valid length is malformed: it is
/// reported once and skipped, and reading resumes after it, so one bad header never stops the
/// server. Bodies larger than `maxBody` are refused the same way (their bytes are skipped).
package struct MessageFraming: Sendable {
    /// One unit read from the stream.
    package enum Frame: Sendable, Equatable {
        /// A message body.
        case body(Data)
        /// A header block that could not be used, and why.
        case malformed(String)
    }

    /// The largest body accepted.
    package var maxBody: Int
    private var buffer: [UInt8] = []
    /// Bytes of a refused body still to be skipped.
    private var skipping = 0

    /// Creates an empty reader.
    package init(maxBody: Int = 64 << 20) { self.maxBody = maxBody }

    /// Adds bytes read from the stream.
    package mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
        if skipping > 0 {
            let n = min(skipping, buffer.count)
            buffer.removeFirst(n)
            skipping -= n
        }
    }

    /// The next complete frame, or nil when more bytes are needed.
    package mutating func next() -> Frame? {
        guard skipping == 0 else { return nil }
        guard let end = headerEnd() else {
            // Headers are a few dozen bytes: this much without an end is not a header.
            if buffer.count > 1 << 16 {
                buffer.removeAll()
                return .malformed("no end of the header block in 64 KiB")
            }
            return nil
        }
        let header = String(decoding: buffer[..<end], as: UTF8.self)
        var length: Int?
        var problem: String?
        for line in header.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else {
                problem = "a header line without ':'"
                continue
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                if let n = Int(value), n >= 0 {
                    length = n
                } else {
                    problem = "Content-Length '\(value)' is not a length"
                }
            }
        }
        if problem == nil, length == nil { problem = "a header without Content-Length" }
        if let problem {
            buffer.removeFirst(end + 4)
            return .malformed(problem)
        }
        let n = length!
        if n > maxBody {
            buffer.removeFirst(end + 4)
            let dropped = min(n, buffer.count)
            buffer.removeFirst(dropped)
            skipping = n - dropped
            return .malformed("a body of \(n) bytes is over the limit of \(maxBody)")
        }
        guard buffer.count >= end + 4 + n else { return nil }
        let body = Data(buffer[(end + 4)..<(end + 4 + n)])
        buffer.removeFirst(end + 4 + n)
        return .body(body)
    }

    /// The offset of the `\r\n\r\n` ending the header block, if it has arrived.
    private func headerEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        var i = 0
        while i + 3 < buffer.count {
            if buffer[i] == 13, buffer[i + 1] == 10, buffer[i + 2] == 13, buffer[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    /// A body with its header, ready to write.
    package static func frame(_ body: Data) -> Data {
        var out = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
        out.append(body)
        return out
    }
}
