/// Text from the input made safe to print to a terminal.
///
/// Names, messages, waiver reasons and jq rule outputs come from files written by others; raw,
/// an ESC sequence in them could recolour, hide or rewrite what a reviewer sees in a terminal
/// or a CI log, and a CR could overwrite a line. Every control character is shown as a visible
/// escape instead: ESC as `\e`, CR as `\r`, NUL as `\0`, the other C0 and C1 controls, DEL,
/// the line and paragraph separators and the bidirectional overrides as `\u{…}`. Machine formats
/// (JSON, SARIF) keep the exact strings, escaped by their encoders.
package enum TerminalText {
    /// `s` with every control character escaped; newlines and tabs are kept when `newlines`.
    package static func escape(_ s: String, keepingNewlines newlines: Bool = true) -> String {
        guard s.unicodeScalars.contains(where: { needsEscape($0, keepingNewlines: newlines) }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            guard needsEscape(u, keepingNewlines: newlines) else {
                out.unicodeScalars.append(u)
                continue
            }
            switch u {
            case "\u{1B}": out += "\\e"
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default: out += "\\u{" + String(u.value, radix: 16) + "}"
            }
        }
        return out
    }

    /// Whether `u` must not reach a terminal raw.
    package static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
            || (0x202A...0x202E).contains(u.value) || (0x2066...0x2069).contains(u.value)
    }

    private static func needsEscape(_ u: Unicode.Scalar, keepingNewlines: Bool) -> Bool {
        if keepingNewlines, u == "\n" || u == "\t" { return false }
        return isControl(u)
    }
}
