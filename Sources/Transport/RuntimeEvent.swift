import Foundation

/// One event of `kfc exec`'s log: a name and ordered fields, written as one JSON line.
///
/// The library never prints; the server and client hand events to a sink that `kfc` writes to
/// standard error, one line each, e.g. `{"event":"join","client":"client-3","federation":"f"}`.
package struct RuntimeEvent: Sendable, Equatable {
    /// A field's value.
    package enum Value: Sendable, Equatable {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        /// A JSON value, written as it is (the caller makes it valid JSON).
        case json(String)
    }

    /// What happened (`listening`, `join`, `round`, `refused`, `finished`, …).
    package var name: String
    /// The event's fields, in the order given.
    package var fields: [(String, Value)]

    /// Creates an event.
    package init(_ name: String, _ fields: [(String, Value)] = []) {
        self.name = name
        self.fields = fields
    }

    package static func == (a: RuntimeEvent, b: RuntimeEvent) -> Bool {
        a.name == b.name && a.fields.elementsEqual(b.fields) { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    /// The value of field `key`, if present.
    package subscript(key: String) -> Value? { fields.first { $0.0 == key }?.1 }

    /// The event as one line of JSON (keys in order, `event` first) without a final newline.
    package var jsonLine: String {
        var out = "{\"event\":\(Self.quote(name))"
        for (key, value) in fields {
            out += ",\(Self.quote(key)):"
            switch value {
            case .string(let s): out += Self.quote(s)
            case .int(let i): out += String(i)
            case .double(let d): out += d.isFinite ? "\(d)" : Self.quote("\(d)")
            case .bool(let b): out += b ? "true" : "false"
            case .json(let j): out += j
            }
        }
        return out + "}"
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}

/// Where events go.
package typealias RuntimeLog = @Sendable (RuntimeEvent) -> Void
