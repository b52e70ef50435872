@testable import YAML

/// Documents that other YAML readers (PyYAML, go-yaml) must read back as written.
enum CrossCheckCorpus {
    /// Each tricky string as a value, a key and a list item.
    static let trickyStrings: [YAMLNode] = TrickyStrings.all.map { s in
        .mapping(YAMLMapping([("value", .string(s)), (s, "as-key"), ("list", [.string(s)])]))
    }

    /// Generated strings as values and keys.
    static let generatedStrings: [YAMLNode] = StringGenerator.strings(count: 3000).map { s in
        .mapping(YAMLMapping([("value", .string(s)), (s, "as-key")]))
    }

    /// Tricky strings with every requested presentation style.
    static let requestedStyles: [YAMLNode] = [YAMLScalarStyle.singleQuoted, .doubleQuoted, .literal, .folded]
        .flatMap { style in TrickyStrings.all.map { s in ["value": .string(s, style: style)] } }

    /// Ints, bools, null and finite doubles (JSON, the comparison format, has no infinities).
    static let typedScalars: [YAMLNode] = [
        [
            "ints": [0, 1, -1, 42, .int(.max), .int(.min)], "bools": [true, false], "null": nil,
            "doubles": [
                0.0, -0.0, 1.0, 0.5, 1e20, 1e-7, 6.02e23, 123456.789, 1.5e-300, .double(.greatestFiniteMagnitude),
            ],
        ]
    ]

    /// Everything above.
    static let all = trickyStrings + generatedStrings + requestedStyles + typedScalars

    /// The expected values as one JSON line, a newline, then the YAML stream: what the checker
    /// scripts read on stdin.
    static func checkerInput(_ documents: [YAMLNode]) throws -> [UInt8] {
        var input = YAMLNode.sequence(documents).jsonBytes()
        input.append(UInt8(ascii: "\n"))
        input += try YAMLWriter.encode(documents)
        return input
    }
}
