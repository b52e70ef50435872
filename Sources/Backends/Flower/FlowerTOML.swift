import Compiler

/// TOML scalars as Flower reads them (`config.toml`, run configs, `--node-config`).
package enum FlowerTOML {
    /// A basic string: quoted, with `"`, `\` and control characters escaped.
    package static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// A float that reads back as the same Double (`1.0`, `0.9876`, `1e-05`).
    package static func float(_ x: Double) -> String {
        let text = "\(x)"
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    /// A run-config value (the compiler admits scalars only; anything else is written as a string).
    package static func value(_ v: IR.Value) -> String {
        switch v {
        case .int(let i): String(i)
        case .float(let d): float(d)
        case .bool(let b): b ? "true" : "false"
        case .string(let s): string(s)
        case .list, .record: string("\(v)")
        }
    }
}
