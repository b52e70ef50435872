internal import CJQ
import Foundation

/// A compiled jq program (libjq), run over JSON values.
///
/// The only file that imports `CJQ`. A program is compiled once and can be run over many
/// inputs; inputs and outputs cross the boundary as JSON text, which keeps libjq's reference
/// counting (`jv`) inside this file.
package final class JQProgram {
    /// A jq compile or run-time error, with libjq's message.
    package struct Failure: Error, Equatable, Sendable {
        /// libjq's messages, one per line.
        package var messages: [String]
    }

    private var state: OpaquePointer?
    private let errors = ErrorBox()

    private final class ErrorBox { var messages: [String] = [] }

    /// The program's source text.
    package let source: String

    /// Compiles `source`; throws `Failure` with libjq's messages on a syntax error.
    package init(_ source: String) throws {
        self.source = source
        if let name = Self.refusedBuiltin(in: source) {
            throw Failure(messages: [
                "'\(name)' is not allowed: a kfc jq program reads only the document it is given (no inputs, environment, modules, files or halting)"
            ])
        }
        guard let st = jq_init() else { throw Failure(messages: ["libjq could not be initialised"]) }
        state = st
        let box = Unmanaged.passUnretained(errors).toOpaque()
        jq_set_error_cb(
            st,
            { data, msg in
                guard let data else { jv_free(msg); return }
                let box = Unmanaged<ErrorBox>.fromOpaque(data).takeUnretainedValue()
                box.messages.append(JQProgram.describe(msg))
            }, box)
        let ok = jq_compile(st, source)
        if ok == 0 {
            let msgs = errors.messages.isEmpty ? ["jq program does not compile"] : errors.messages
            throw Failure(messages: msgs)
        }
    }

    deinit { if state != nil { jq_teardown(&state) } }

    /// The wall-clock (and CPU) time a program may run, per input, in milliseconds.
    package static let timeLimitMilliseconds: Int32 = 5_000
    /// The memory a program may allocate beyond what kfc holds when it starts, in bytes.
    package static let memoryLimitBytes: UInt64 = 1 << 30
    /// The most outputs one run may produce.
    package static let maxOutputs = 100_000
    /// The most bytes of (compact JSON) output one run may produce.
    package static let maxOutputBytes = 64 << 20

    /// Runs the program on one JSON document (text) and returns every output as compact JSON text.
    ///
    /// The program runs in a child process under `timeLimitMilliseconds`, `memoryLimitBytes`,
    /// `maxOutputs` and `maxOutputBytes`; reaching any of them is a `Failure`, never a partial
    /// result.
    ///
    /// - Throws: `Failure` when the input is not JSON, the program raises an error or it reaches
    ///   a limit.
    package func run(jsonInput: String) throws -> [String] {
        guard let st = state else { return [] }
        errors.messages = []
        var buffer: UnsafeMutablePointer<CChar>?
        var length = 0
        let status = kfc_jq_run_isolated(
            st, jsonInput, Self.timeLimitMilliseconds, Self.memoryLimitBytes, Self.maxOutputs, Self.maxOutputBytes,
            &buffer, &length)
        defer { free(buffer) }
        switch Int(status) {
        case Int(KFC_JQ_OK): break
        case Int(KFC_JQ_TIMEOUT):
            throw Failure(messages: [
                "the program ran longer than the time limit of \(Self.timeLimitMilliseconds / 1000) s"
            ])
        case Int(KFC_JQ_CRASHED):
            throw Failure(messages: ["the program exceeded the memory limit of \(Self.memoryLimitBytes >> 20) MiB"])
        default:
            throw Failure(messages: ["the program could not be run: \(String(cString: strerror(errno)))"])
        }
        let bytes = UnsafeBufferPointer(
            start: buffer.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }, count: length)
        return try Self.outputs(fromFrames: bytes)
    }

    /// Decodes what the child wrote on the result pipe: frames of a kind byte (`O` output, `E`
    /// error, `L` limit reached, `D` done), a little-endian 64-bit length and that many bytes of
    /// text. Only a stream that ends with `D` is a result; a truncated or unreadable stream (the
    /// child was killed mid-write) is a `Failure`, never a partial list of outputs.
    package static func outputs<C: RandomAccessCollection>(fromFrames bytes: C) throws -> [String]
    where C.Element == UInt8, C.Index == Int {
        var outputs: [String] = []
        var i = bytes.startIndex
        while bytes.endIndex - i >= 9 {
            let kind = bytes[i]
            var n: UInt64 = 0
            for k in 0..<8 { n |= UInt64(bytes[i + 1 + k]) << (8 * UInt64(k)) }
            guard n <= UInt64(bytes.endIndex - i - 9) else { break }
            let end = i + 9 + Int(n)
            let text = String(decoding: bytes[(i + 9)..<end], as: UTF8.self)
            i = end
            switch kind {
            case UInt8(ascii: "O"): outputs.append(text)
            case UInt8(ascii: "E"): throw Failure(messages: [text])
            case UInt8(ascii: "L"):
                throw Failure(messages: [
                    "the program produced more than \(maxOutputs) outputs or \(maxOutputBytes >> 20) MiB of output"
                ])
            case UInt8(ascii: "D"): return outputs
            default: break
            }
        }
        throw Failure(messages: ["the program stopped without finishing its output"])
    }

    /// The jq builtins and keywords that reach outside the document a program is given: further
    /// inputs, the environment, modules on disk, stderr, halting the process.
    package static let refusedBuiltins: Set<String> = [
        "input", "inputs", "debug", "stderr", "input_filename", "input_line_number", "env", "import", "include",
        "halt", "halt_error", "get_search_list", "get_prog_origin", "get_jq_origin", "modulemeta",
    ]

    /// The first builtin of `refusedBuiltins` (or `$ENV`) that `source` calls, or nil.
    ///
    /// A lexical scan over jq's tokens: strings (and the code in their `\(…)` interpolations) and
    /// comments are followed; `.env` (a field), `$input` (a variable), `@text` (a format) and
    /// `{env: …}` or `{env}` (an object key) are not calls. Anything the scan cannot tell apart
    /// from a call is refused, so it can only over-refuse.
    package static func refusedBuiltin(in source: String) -> String? {
        let b = Array(source.utf8)
        enum Frame { case paren, bracket, brace, interpolation }
        var stack: [Frame] = []
        var prev: UInt8 = 0  // the previous significant byte of code
        var inString = false
        var i = 0
        func isIdentStart(_ c: UInt8) -> Bool { c == 95 || (c | 0x20 >= 97 && c | 0x20 <= 122) }
        func isIdent(_ c: UInt8) -> Bool { isIdentStart(c) || (c >= 48 && c <= 57) }
        while i < b.count {
            let c = b[i]
            if inString {
                if c == UInt8(ascii: "\\") {
                    if i + 1 < b.count, b[i + 1] == UInt8(ascii: "(") {
                        stack.append(.interpolation)
                        inString = false
                        prev = UInt8(ascii: "(")
                    }
                    i += 2
                } else {
                    if c == UInt8(ascii: "\"") { inString = false; prev = c }
                    i += 1
                }
                continue
            }
            switch c {
            case UInt8(ascii: "\""): inString = true; i += 1
            case UInt8(ascii: "#"): while i < b.count, b[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): i += 1
            case UInt8(ascii: "("): stack.append(.paren); prev = c; i += 1
            case UInt8(ascii: "["): stack.append(.bracket); prev = c; i += 1
            case UInt8(ascii: "{"): stack.append(.brace); prev = c; i += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if stack.popLast() == .interpolation { inString = true }
                prev = c
                i += 1
            case 48...57:  // a number (`1e18` is not an identifier)
                while i < b.count, isIdent(b[i]) || b[i] == UInt8(ascii: ".") { i += 1 }
                prev = c
            default:
                guard isIdentStart(c) else { prev = c; i += 1; continue }
                let start = i
                while i < b.count,
                    isIdent(b[i]) || (b[i] == UInt8(ascii: ":") && i + 1 < b.count && b[i + 1] == UInt8(ascii: ":"))
                {
                    i += b[i] == UInt8(ascii: ":") ? 2 : 1
                }
                let name = String(decoding: b[start..<i], as: UTF8.self)
                let before = prev
                prev = b[i - 1]
                var j = i
                while j < b.count,
                    b[j] == UInt8(ascii: " ") || b[j] == UInt8(ascii: "\t") || b[j] == UInt8(ascii: "\n")
                        || b[j] == UInt8(ascii: "\r")
                { j += 1 }
                let next: UInt8 = j < b.count ? b[j] : 0
                let nextIsColonColon = next == UInt8(ascii: ":") && j + 1 < b.count && b[j + 1] == UInt8(ascii: ":")
                if before == UInt8(ascii: "$") {
                    if name == "ENV" { return "$ENV" }
                    continue
                }
                let field =
                    start > 0 && b[start - 1] == UInt8(ascii: ".") && !(start > 1 && b[start - 2] == UInt8(ascii: "."))
                let format = start > 0 && b[start - 1] == UInt8(ascii: "@")
                let key =
                    stack.last == .brace && (before == UInt8(ascii: "{") || before == UInt8(ascii: ","))
                    && (next == UInt8(ascii: "}") || next == UInt8(ascii: ",")
                        || (next == UInt8(ascii: ":") && !nextIsColonColon))
                if field || format || key { continue }
                if name.contains("::") || refusedBuiltins.contains(name) { return name }
            }
        }
        return nil
    }

    /// Runs the program and returns outputs as raw text: strings unquoted (like `jq -r`),
    /// everything else as compact JSON.
    package func runRaw(jsonInput: String) throws -> [String] {
        try run(jsonInput: jsonInput).map { out in
            guard out.hasPrefix("\""),
                let s = try? JSONDecoder().decode(String.self, from: Data(out.utf8))
            else { return out }
            return s
        }
    }

    private static func describe(_ msg: jv) -> String {
        if jv_get_kind(msg) == JV_KIND_INVALID {
            let inner = jv_invalid_get_msg(msg)
            return text(of: inner)
        }
        return text(of: msg)
    }

    /// Consumes `v` and returns its text: strings as they are, other values dumped.
    private static func text(of v: jv) -> String {
        if jv_get_kind(v) == JV_KIND_STRING {
            let s = String(cString: jv_string_value(v))
            jv_free(v)
            return s
        }
        if jv_get_kind(v) == JV_KIND_NULL || jv_get_kind(v) == JV_KIND_INVALID {
            jv_free(v)
            return "jq error"
        }
        let d = jv_dump_string(v, 0)
        let s = String(cString: jv_string_value(d))
        jv_free(d)
        return s
    }
}
