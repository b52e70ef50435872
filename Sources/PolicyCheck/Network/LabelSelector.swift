import YAML

/// A Kubernetes label selector (`matchLabels` and `matchExpressions`).
///
/// An empty selector matches everything; a selector that cannot be read matches nothing, so a
/// malformed rule never grants access in the model.
package struct LabelSelector: Hashable, Sendable, CustomStringConvertible {
    /// One `matchExpressions` entry.
    package struct Requirement: Hashable, Sendable {
        /// The label key.
        package var key: String
        /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
        package var op: String
        /// The values an `In`/`NotIn` requirement lists.
        package var values: [String]
    }

    /// `matchLabels`, sorted by key.
    package var matchLabels: [(key: String, value: String)]
    /// `matchExpressions`.
    package var expressions: [Requirement]
    /// Whether the selector could not be read (then it matches nothing).
    package var invalid: Bool

    /// The selector that matches every set of labels.
    package static let everything = LabelSelector(matchLabels: [], expressions: [], invalid: false)

    /// Creates a value from its parts.
    package init(matchLabels: [(key: String, value: String)], expressions: [Requirement], invalid: Bool) {
        self.matchLabels = matchLabels.sorted { $0.key < $1.key }
        self.expressions = expressions
        self.invalid = invalid
    }

    /// Reads a selector node (a mapping with `matchLabels`/`matchExpressions`).
    /// A selector the API server refuses (KF3017) is `invalid`: a label key or value that is
    /// not Kubernetes label syntax included, since Kubernetes compares labels by their bytes
    /// where Swift strings compare canonically (`\u{212A}`, the Kelvin sign, equals `K`).
    package init(_ node: YAMLNode) {
        var invalid = node.mapping == nil && !node.isNull
        let labels = ManifestObject.stringMap(node["matchLabels"]).map { (key: $0.key, value: $0.value) }
        if labels.contains(where: { !LabelSyntax.isValidKey($0.key) || !LabelSyntax.isValidValue($0.value) }) {
            invalid = true
        }
        var exprs: [Requirement] = []
        for e in node["matchExpressions"]?.sequence ?? [] {
            guard let key = e["key"]?.string, let op = e["operator"]?.string,
                ["In", "NotIn", "Exists", "DoesNotExist"].contains(op)
            else { invalid = true; continue }
            let values = (e["values"]?.sequence ?? []).compactMap { v in v.string ?? v.int.map(String.init) }
            if !LabelSyntax.isValidKey(key) || !values.allSatisfy(LabelSyntax.isValidValue) { invalid = true }
            exprs.append(Requirement(key: key, op: op, values: values))
        }
        self.init(matchLabels: labels, expressions: exprs, invalid: invalid)
    }

    /// Whether the selector is empty (matches everything).
    package var isEmpty: Bool { !invalid && matchLabels.isEmpty && expressions.isEmpty }

    /// Whether `labels` satisfy the selector.
    package func matches(_ labels: [String: String]) -> Bool {
        if invalid { return false }
        for (k, v) in matchLabels where labels[k] != v { return false }
        for r in expressions {
            let v = labels[r.key]
            switch r.op {
            case "In": if v == nil || !r.values.contains(v!) { return false }
            case "NotIn": if let v, r.values.contains(v) { return false }
            case "Exists": if v == nil { return false }
            case "DoesNotExist": if v != nil { return false }
            default: return false
            }
        }
        return true
    }

    /// `{}` or `{app=x, kfc.dev/role in (client)}`.
    package var description: String {
        if invalid { return "(invalid selector)" }
        var parts = matchLabels.map { "\($0.key)=\($0.value)" }
        for r in expressions {
            switch r.op {
            case "Exists": parts.append(r.key)
            case "DoesNotExist": parts.append("!\(r.key)")
            default: parts.append("\(r.key) \(r.op == "In" ? "in" : "notin") (\(r.values.joined(separator: ",")))")
            }
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    package static func == (a: LabelSelector, b: LabelSelector) -> Bool {
        a.invalid == b.invalid && a.expressions == b.expressions
            && a.matchLabels.map(\.key) == b.matchLabels.map(\.key)
            && a.matchLabels.map(\.value) == b.matchLabels.map(\.value)
    }

    package func hash(into h: inout Hasher) {
        h.combine(invalid)
        h.combine(expressions)
        for p in matchLabels { h.combine(p.key); h.combine(p.value) }
    }
}
