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

    /// Runs the program on one JSON document (text) and returns every output as compact JSON text.
    ///
    /// - Throws: `Failure` when the input is not JSON or the program raises an error.
    package func run(jsonInput: String) throws -> [String] {
        guard let st = state else { return [] }
        errors.messages = []
        let input = jv_parse(jsonInput)
        if jv_get_kind(input) == JV_KIND_INVALID {
            throw Failure(messages: [Self.describe(input)])
        }
        jq_start(st, input, 0)
        var outputs: [String] = []
        while true {
            let v = jq_next(st)
            if jv_get_kind(v) == JV_KIND_INVALID {
                if jv_invalid_has_msg(jv_copy(v)) != 0 {
                    let msg = jv_invalid_get_msg(v)
                    throw Failure(messages: [Self.text(of: msg)])
                }
                jv_free(v)
                break
            }
            let dumped = jv_dump_string(v, 0)
            outputs.append(String(cString: jv_string_value(dumped)))
            jv_free(dumped)
        }
        return outputs
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
