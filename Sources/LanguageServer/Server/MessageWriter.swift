import Foundation

/// Writes framed messages to the client's stream, one whole message at a time.
final class MessageWriter: @unchecked Sendable {
    private let output: FileHandle
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()
    /// Set when a write failed (the client went away); nothing more is written.
    private var failed = false

    init(output: FileHandle) { self.output = output }

    /// Encodes and writes one message.
    func send<R: Encodable & Sendable>(_ message: OutgoingMessage<R>) {
        lock.lock()
        defer { lock.unlock() }
        guard !failed, let body = try? encoder.encode(message) else { return }
        do {
            try output.write(contentsOf: MessageFraming.frame(body))
        } catch {
            failed = true
        }
    }
}
