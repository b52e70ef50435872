import Foundation
import KFLang

/// The state of one session: the open documents, their checks, and the protocol's lifecycle.
actor Session {
    let configuration: ServerConfiguration
    let writer: MessageWriter
    /// Whether `initialize` was answered.
    var initialized = false
    /// Whether `shutdown` was received.
    var shutDown = false
    /// 0 after `shutdown` and `exit`, 1 otherwise.
    var exitStatus: Int32 { shutDown ? 0 : 1 }
    /// How positions count characters (negotiated in `initialize`).
    var encoding = PositionEncoding.utf16
    /// Open documents by URI.
    var documents: [String: Document] = [:]
    /// The latest finished check of each document.
    var analyses: [String: Analysis] = [:]
    /// When each document was last edited (the debounce's clock).
    var lastEdit: [String: ContinuousClock.Instant] = [:]
    /// Checks waiting for their debounce delay.
    var scheduled: [String: Task<Void, Never>] = [:]
    /// Running checks and the version each checks.
    var running: [String: (version: Int, task: Task<Analysis, Never>)] = [:]

    init(configuration: ServerConfiguration, writer: MessageWriter) {
        self.configuration = configuration
        self.writer = writer
    }

    /// Handles one frame; false when the session ends (`exit`).
    func handle(_ frame: MessageFraming.Frame) async -> Bool {
        let message: IncomingMessage
        switch frame {
        case .malformed(let why):
            writer.send(OutgoingMessage<NoResult>.failure(nil, .parseError("malformed header: \(why)")))
            return true
        case .body(let body):
            do {
                message = try IncomingMessage.decode(body)
            } catch {
                writer.send(OutgoingMessage<NoResult>.failure(error.id, error.error))
                return true
            }
        }
        if message.method == "exit" { return false }
        guard let id = message.id else {
            await notification(message)
            return true
        }
        do {
            let result = try await request(message)
            writer.send(OutgoingMessage<AnyResult>.response(id, result))
        } catch let e as ResponseError {
            writer.send(OutgoingMessage<NoResult>.failure(id, e))
        } catch {
            writer.send(OutgoingMessage<NoResult>.failure(id, ResponseError(code: -32603, message: "\(error)")))
        }
        return true
    }

    /// Cancels every check (the session is over).
    func cancelAll() {
        for t in scheduled.values { t.cancel() }
        for r in running.values { r.task.cancel() }
    }

    /// Shows a problem with a notification (which has no answer) in the client's log.
    func log(_ text: String) {
        writer.send(OutgoingMessage.notification("window/logMessage", LogMessage(type: 1, message: text)))
    }

    struct LogMessage: Codable, Sendable {
        var type: Int
        var message: String
    }
}

/// Any encodable result (each method answers with its own type).
struct AnyResult: Encodable, Sendable {
    let value: any Encodable & Sendable
    init(_ value: any Encodable & Sendable) { self.value = value }
    func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
}
