import Foundation

/// A JSON-RPC request id: a number or a string.
package enum RequestID: Sendable, Hashable, Codable {
    case number(Int)
    case string(String)

    package init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int.self) {
            self = .number(n)
        } else {
            self = .string(try c.decode(String.self))
        }
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        }
    }
}

/// A JSON-RPC error object, with the codes LSP uses.
package struct ResponseError: Error, Sendable, Hashable, Codable {
    /// The error code.
    package var code: Int
    /// One line saying what went wrong.
    package var message: String

    /// Creates an error.
    package init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    /// The body is not JSON.
    package static func parseError(_ m: String) -> Self { Self(code: -32700, message: m) }
    /// The JSON is not a request or notification.
    package static func invalidRequest(_ m: String) -> Self { Self(code: -32600, message: m) }
    /// No such method.
    package static func methodNotFound(_ method: String) -> Self {
        Self(code: -32601, message: "unknown method '\(method)'")
    }
    /// The parameters do not fit the method (a missing field, a position outside the document).
    package static func invalidParams(_ m: String) -> Self { Self(code: -32602, message: m) }
    /// A request before `initialize`.
    package static let serverNotInitialized = Self(code: -32002, message: "the server is not initialized")
    /// A request naming a document that is not open.
    package static func unknownDocument(_ uri: String) -> Self {
        Self(code: -32602, message: "document '\(uri)' is not open")
    }
}

/// One decoded incoming message: a request (with an id) or a notification.
///
/// The body is kept so that `params(_:)` decodes the parameters straight into the method's
/// type (decoding the same bytes twice, never re-encoding).
package struct IncomingMessage: Sendable {
    /// The request id; nil for a notification.
    package var id: RequestID?
    /// The method.
    package var method: String
    /// The raw JSON body.
    package var body: Data

    private struct Header: Decodable {
        var jsonrpc: String?
        var id: RequestID?
        var method: String?
    }

    private struct Params<P: Decodable>: Decodable {
        var params: P
    }

    /// Decodes a message body; throws a `ResponseError` (with the id when one was read) for
    /// JSON that is not a JSON-RPC 2.0 request or notification.
    package static func decode(_ body: Data) throws(DecodeFailure) -> IncomingMessage {
        let header: Header
        do {
            guard try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) is [String: Any] else {
                throw DecodeFailure(id: nil, error: .invalidRequest("a message must be a JSON object"))
            }
            header = try JSONDecoder().decode(Header.self, from: body)
        } catch let f as DecodeFailure {
            throw f
        } catch is DecodingError {
            throw DecodeFailure(id: nil, error: .invalidRequest("the id must be a number or a string"))
        } catch {
            throw DecodeFailure(id: nil, error: .parseError("the message is not valid JSON"))
        }
        guard header.jsonrpc == "2.0" else {
            throw DecodeFailure(id: header.id, error: .invalidRequest("'jsonrpc' must be \"2.0\""))
        }
        guard let method = header.method else {
            // A response from the client (to a request the server never sends) or garbage.
            throw DecodeFailure(id: header.id, error: .invalidRequest("a message needs a 'method'"))
        }
        return IncomingMessage(id: header.id, method: method, body: body)
    }

    /// Why a body could not be decoded, and the id to answer when one was read.
    package struct DecodeFailure: Error, Sendable {
        /// The request's id, if it could be read.
        package var id: RequestID?
        /// The protocol error to answer with.
        package var error: ResponseError
    }

    /// The parameters decoded as `P`; an invalid-params error when they do not fit.
    package func params<P: Decodable>(_ type: P.Type) throws(ResponseError) -> P {
        do {
            return try JSONDecoder().decode(Params<P>.self, from: body).params
        } catch let e as DecodingError {
            throw .invalidParams("the parameters of '\(method)' do not fit: \(Self.describe(e))")
        } catch {
            throw .invalidParams("the parameters of '\(method)' do not fit")
        }
    }

    private static func describe(_ e: DecodingError) -> String {
        func path(_ c: DecodingError.Context) -> String {
            c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
        }
        switch e {
        case .keyNotFound(let k, let c): return "missing '\(k.stringValue)' at '\(path(c))'"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return "wrong value at '\(path(c))'"
        @unknown default: return "wrong value"
        }
    }
}

/// An outgoing message: a response (result or error) or a notification.
package struct OutgoingMessage<Result: Encodable & Sendable>: Encodable, Sendable {
    private enum Kind: Sendable {
        case response(RequestID?, Result?)
        case failure(RequestID?, ResponseError)
        case notification(String, Result)
    }
    private let kind: Kind

    /// A successful response; a nil result is written as `null`.
    package static func response(_ id: RequestID, _ result: Result?) -> Self { Self(kind: .response(id, result)) }
    /// An error response; the id is null when the request's id could not be read.
    package static func failure(_ id: RequestID?, _ error: ResponseError) -> Self { Self(kind: .failure(id, error)) }
    /// A notification from the server.
    package static func notification(_ method: String, _ params: Result) -> Self {
        Self(kind: .notification(method, params))
    }

    private enum Keys: String, CodingKey { case jsonrpc, id, result, error, method, params }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode("2.0", forKey: .jsonrpc)
        switch kind {
        case .response(let id, let result):
            try c.encode(id, forKey: .id)
            if let result { try c.encode(result, forKey: .result) } else { try c.encodeNil(forKey: .result) }
        case .failure(let id, let error):
            if let id { try c.encode(id, forKey: .id) } else { try c.encodeNil(forKey: .id) }
            try c.encode(error, forKey: .error)
        case .notification(let method, let params):
            try c.encode(method, forKey: .method)
            try c.encode(params, forKey: .params)
        }
    }
}

/// A result with nothing in it (`null`), for responses and notifications without a payload.
package struct NoResult: Codable, Sendable, Hashable {
    package init() {}
    package func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encodeNil()
    }
    package init(from decoder: Decoder) throws {}
}
