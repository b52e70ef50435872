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

    /// Reads a selector node (a mapping with `matchLabels`/`matchExpressions`). A selector the
    /// API server refuses is `invalid` exactly when ``problems(_:at:)`` finds a reason (KF3017):
    /// one walk decides both, so what kfc reports refused is what it reads as selecting nothing,
    /// and the reverse. Label syntax counts, since Kubernetes compares labels by their bytes
    /// where Swift strings compare canonically (`\u{212A}`, the Kelvin sign, equals `K`).
    package init(_ node: YAMLNode) {
        let labels = ManifestObject.stringMap(node["matchLabels"]).map { (key: $0.key, value: $0.value) }
        var exprs: [Requirement] = []
        for e in node["matchExpressions"]?.sequence ?? [] {
            guard let key = e["key"]?.string, let op = e["operator"]?.string else { continue }
            exprs.append(Requirement(key: key, op: op, values: (e["values"]?.sequence ?? []).compactMap(\.string)))
        }
        self.init(matchLabels: labels, expressions: exprs, invalid: !Self.problems(node, at: []).isEmpty)
    }

    /// Every reason the API server refuses `node` as a label selector, at `path`: a selector,
    /// `matchLabels`, `matchExpressions`, entry or `values` of the wrong shape; a label value that
    /// is not a string (a number or a boolean does not decode; `null` reads as "" when created
    /// and as a removal when `kubectl apply` patches, so it is refused too); a key or value that
    /// is not label syntax; a missing key; an operator other than `In`, `NotIn`, `Exists` and
    /// `DoesNotExist`; no values for `In`/`NotIn`, or values for `Exists`/`DoesNotExist`.
    /// `null` for the selector or its two lists is the empty one.
    package static func problems(_ node: YAMLNode, at path: [YAMLPathComponent]) -> [RejectedField] {
        var out: [RejectedField] = []
        func refuse(_ at: @autoclosure () -> [YAMLPathComponent], _ value: String, _ expected: String) {
            out.append(RejectedField(path: at(), value: value, expected: expected))
        }
        if node.isNull { return [] }
        guard let m = node.mapping else {
            refuse(
                path, NetworkPolicyModel.text(node), "a label selector: a mapping of matchLabels and matchExpressions")
            return out
        }
        // matchLabels is a map of labels like an object's, refused for the same reasons.
        var keys = LabelSyntax.ValidKeys()
        out += LabelSyntax.problems(labels: m["matchLabels"], &keys) { path + ["matchLabels"] }
        switch m["matchExpressions"] {
        case nil, .null?: break
        case .sequence(let items)?:
            for (i, e) in items.enumerated() {
                expressionProblems(e, at: path + ["matchExpressions", .index(i)], &out)
            }
        case let other?:
            refuse(path + ["matchExpressions"], NetworkPolicyModel.text(other), "a list of {key, operator, values}")
        }
        return out
    }

    private static func expressionProblems(_ e: YAMLNode, at path: [YAMLPathComponent], _ out: inout [RejectedField]) {
        func refuse(_ at: [YAMLPathComponent], _ value: String, _ expected: String) {
            out.append(RejectedField(path: at, value: value, expected: expected))
        }
        guard e.mapping != nil else {
            refuse(path, NetworkPolicyModel.text(e), "a mapping of key, operator and values")
            return
        }
        switch e["key"] {
        case .string(let key, _)?:
            if !LabelSyntax.isValidKey(key) { refuse(path + ["key"], NetworkPolicyModel.shown(key), keyText) }
        case let other:
            refuse(path + ["key"], other.map(NetworkPolicyModel.text) ?? "(missing)", keyText)
        }
        var values: [YAMLNode] = []
        switch e["values"] {
        case nil, .null?: break
        case .sequence(let items)?:
            values = items
            for (k, v) in items.enumerated() {
                if let s = v.string {
                    if !LabelSyntax.isValidValue(s) {
                        refuse(path + ["values", .index(k)], NetworkPolicyModel.shown(s), valueText)
                    }
                } else {
                    refuse(path + ["values", .index(k)], NetworkPolicyModel.text(v), quotedText)
                }
            }
        case let other?:
            // Said once: the count of a list that is not one is not news.
            refuse(path + ["values"], NetworkPolicyModel.text(other), "a list of label values")
            return
        }
        switch e["operator"]?.string {
        case "In"?, "NotIn"?:
            if values.isEmpty { refuse(path + ["values"], "[]", "at least one value for In and NotIn") }
        case "Exists"?, "DoesNotExist"?:
            if !values.isEmpty {
                refuse(
                    path + ["values"], NetworkPolicyModel.text(e["values"] ?? .null),
                    "no values for Exists and DoesNotExist")
            }
        default:
            refuse(
                path + ["operator"], NetworkPolicyModel.text(e["operator"] ?? .null),
                "In, NotIn, Exists or DoesNotExist")
        }
    }

    private static let keyText = LabelSyntax.expectedKey
    private static let valueText = LabelSyntax.expectedValue
    private static let quotedText = LabelSyntax.expectedString

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
