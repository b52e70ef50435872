import Foundation

/// Drives the built `kfc lsp` as a real process over pipes: writes framed JSON-RPC messages to
/// its stdin and reads framed messages from its stdout on a thread of its own.
final class LSPClient: @unchecked Sendable {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let lock = NSCondition()
    private var buffer: [UInt8] = []
    private var messages: [[String: Any]] = []
    private var closed = false
    private var nextID = 100

    /// Starts `kfc lsp ARGS`.
    init(_ args: [String] = []) throws {
        guard let bin = BinaryRunner.binary else { throw CocoaError(.fileNoSuchFile) }
        process.executableURL = bin
        process.arguments = ["lsp"] + args
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                lock.lock()
                if chunk.isEmpty {
                    closed = true
                    lock.broadcast()
                    lock.unlock()
                    return
                }
                buffer.append(contentsOf: chunk)
                parse()
                lock.broadcast()
                lock.unlock()
            }
        }
    }

    /// Splits complete frames off the buffer (called with the lock held).
    private func parse() {
        while let headerEnd = buffer.indices.dropLast(3).first(where: {
            buffer[$0] == 13 && buffer[$0 + 1] == 10 && buffer[$0 + 2] == 13 && buffer[$0 + 3] == 10
        }) {
            let header = String(decoding: buffer[..<headerEnd], as: UTF8.self)
            guard let lengthText = header.split(separator: ":").last,
                let n = Int(lengthText.trimmingCharacters(in: .whitespaces)), buffer.count >= headerEnd + 4 + n
            else { return }
            let body = Data(buffer[(headerEnd + 4)..<(headerEnd + 4 + n)])
            buffer.removeFirst(headerEnd + 4 + n)
            if let m = try? JSONSerialization.jsonObject(with: body) as? [String: Any] { messages.append(m) }
        }
    }

    /// Writes raw bytes to the server.
    func write(raw: Data) { input.fileHandleForWriting.write(raw) }

    /// Writes one framed JSON value.
    func send(_ object: [String: Any]) {
        var o = object
        o["jsonrpc"] = "2.0"
        let body = try! JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])
        write(raw: Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    /// Sends a request and returns its response.
    func request(_ method: String, _ params: [String: Any]) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        send(["id": id, "method": method, "params": params])
        return try next { ($0["id"] as? Int) == id }
    }

    /// Sends a notification.
    func notify(_ method: String, _ params: [String: Any]) { send(["method": method, "params": params]) }

    /// The first message matching `predicate`, removed from the queue; throws when the server
    /// closes its stream first or says nothing matching for `timeout` seconds (a hang).
    func next(timeout: TimeInterval = 120, _ predicate: ([String: Any]) -> Bool) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let i = messages.firstIndex(where: predicate) { return messages.remove(at: i) }
            if closed { throw LSPClientError.closed }
            if !lock.wait(until: deadline) { throw LSPClientError.timedOut }
        }
    }

    /// Whether a message matching `predicate` has arrived and is still queued (no wait).
    func queued(_ predicate: ([String: Any]) -> Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return messages.contains(where: predicate)
    }

    /// Whether `m` publishes diagnostics for `uri` at `version`.
    static func publishes(_ m: [String: Any], _ uri: String, version: Int) -> Bool {
        guard m["method"] as? String == "textDocument/publishDiagnostics", let p = m["params"] as? [String: Any]
        else { return false }
        return p["uri"] as? String == uri && p["version"] as? Int == version
    }

    /// The diagnostics published for `uri` at `version`; throws when none come within `timeout` seconds.
    func diagnostics(_ uri: String, version: Int, timeout: TimeInterval = 120) throws -> [[String: Any]] {
        let m = try next(timeout: timeout) { Self.publishes($0, uri, version: version) }
        return ((m["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]]) ?? []
    }

    /// Closes the server's input and waits for it to exit; its status.
    func finish() -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }

    enum LSPClientError: Error { case closed, timedOut }
}
