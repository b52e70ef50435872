/// The kf string-literal form of a string, for text that becomes `.kf` source or quotes a value.
package enum StringLiteral {
    /// A kf string literal: quotes and backslashes escaped (so no `\(` interpolation can start),
    /// and every control or line-breaking character as an escape (`\n`, `\r`, `\t`, `\0`,
    /// `\u{…}`), so the literal is always one token on one line.
    package static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
                    || u.properties.generalCategory == .format
                {
                    out += "\\u{" + String(u.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
