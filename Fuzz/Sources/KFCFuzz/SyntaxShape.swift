import KFLang

/// A syntax tree printed without positions and layout: what formatting must preserve.
///
/// Walks any value by reflection and leaves out spans and the fields that only record how the
/// source was laid out (whether a body was written over several lines, blank lines before an
/// item, whether a leading comment shared a line with a stray `,` before it), which the
/// formatter is allowed to change.
enum SyntaxShape {
    static let layoutFields: Set<String> = [
        "multiline", "blankLineBefore", "nodeBlankLineBefore", "newlineBefore",
    ]

    static func of(_ value: Any) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    private static func write(_ value: Any, into out: inout String) {
        if value is Span || value is FileID { return }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct, .class, .tuple, .collection, .set, .dictionary:
            out += "("
            for child in mirror.children where !layoutFields.contains(child.label ?? "") {
                if let label = child.label { out += label + ":" }
                write(child.value, into: &out)
                out += " "
            }
            out += ")"
        case .enum:
            out += "\(mirror.subjectType).\(caseName(value, mirror))"
            for child in mirror.children { write(child.value, into: &out) }
        case .optional:
            if let child = mirror.children.first { write(child.value, into: &out) } else { out += "nil" }
        default:
            out += String(reflecting: value)
        }
    }

    private static func caseName(_ value: Any, _ mirror: Mirror) -> String {
        if let label = mirror.children.first?.label { return label }
        return String(describing: value)
    }
}
