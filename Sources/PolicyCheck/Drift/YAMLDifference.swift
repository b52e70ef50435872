import KFLang
import YAML

/// One place where two YAML trees differ: the path, and the value on each side (nil: absent).
package struct YAMLDifference: Sendable, Hashable {
    /// Where, from the object's root.
    package var path: [YAMLPathComponent]
    /// The value in the first tree (the build output), nil when it has none there.
    package var old: YAMLNode?
    /// The value in the second tree (the manifests on disk), nil when it has none there.
    package var new: YAMLNode?

    /// Creates a value from its parts.
    package init(path: [YAMLPathComponent], old: YAMLNode?, new: YAMLNode?) {
        self.path = path
        self.old = old
        self.new = new
    }

    /// Every difference between `a` and `b`, depth first in `a`'s key order (then keys only `b`
    /// has). Values are compared as a YAML reader sees them: mapping key order and string
    /// presentation do not count, and an integer equals the same number written as a float.
    package static func between(_ a: YAMLNode, _ b: YAMLNode) -> [YAMLDifference] {
        var out: [YAMLDifference] = []
        collect(a, b, path: [], into: &out)
        return out
    }

    private static func collect(
        _ a: YAMLNode, _ b: YAMLNode, path: [YAMLPathComponent], into out: inout [YAMLDifference]
    ) {
        switch (a, b) {
        case (.mapping(let x), .mapping(let y)):
            for e in x.entries {
                if let v = y[e.key] {
                    collect(e.value, v, path: path + [.key(e.key)], into: &out)
                } else {
                    out.append(YAMLDifference(path: path + [.key(e.key)], old: e.value, new: nil))
                }
            }
            for e in y.entries where x[e.key] == nil {
                out.append(YAMLDifference(path: path + [.key(e.key)], old: nil, new: e.value))
            }
        case (.sequence(let x), .sequence(let y)):
            for i in 0..<max(x.count, y.count) {
                // `Optional(_)`: a bare `nil` here would be YAMLNode's nil literal, `null`.
                let u = i < x.count ? Optional(x[i]) : nil
                let v = i < y.count ? Optional(y[i]) : nil
                switch (u, v) {
                case (let u?, let v?): collect(u, v, path: path + [.index(i)], into: &out)
                case (let u, let v): out.append(YAMLDifference(path: path + [.index(i)], old: u, new: v))
                }
            }
        default:
            if !sameScalar(a, b) { out.append(YAMLDifference(path: path, old: a, new: b)) }
        }
    }

    private static func sameScalar(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
        switch (a, b) {
        case (.string(let x, _), .string(let y, _)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.int, .double), (.double, .int), (.double, .double):
            guard let x = a.double, let y = b.double else { return false }
            return x == y || (x.isNaN && y.isNaN)
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    /// `spec.template.spec.containers[0].image: "a" → "b"`.
    package var description: String {
        "\(Self.describe(path)): \(Self.describe(old)) → \(Self.describe(new))"
    }

    /// A path as `a.b[0]["kfc.dev/source"]`.
    package static func describe(_ path: [YAMLPathComponent]) -> String {
        var out = ""
        for c in path {
            switch c {
            case .index(let i): out += "[\(i)]"
            case .key(let k):
                // Plain only in ASCII: a key such as the Kelvin sign would read as the `K` it is
                // not, so other keys are quoted with every non-ASCII character escaped.
                let plain =
                    !k.isEmpty
                    && k.unicodeScalars.allSatisfy {
                        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
                    }
                if plain {
                    out += (out.isEmpty ? "" : ".") + k
                } else {
                    out += "[\(NetworkPolicyModel.shown(quoted(k)))]"
                }
            }
        }
        return out.isEmpty ? "(the object)" : out
    }

    /// A value, short: scalars as written in JSON, collections by size, `(absent)` for nil.
    package static func describe(_ v: YAMLNode?) -> String {
        guard let v else { return "(absent)" }
        switch v {
        case .string(let s, _): return quoted(s.count > 60 ? String(s.prefix(57)) + "…" : s)
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .sequence(let items): return items.isEmpty ? "[]" : "[\(items.count) item\(items.count == 1 ? "" : "s")]"
        case .mapping(let m): return m.isEmpty ? "{}" : "{\(m.count) key\(m.count == 1 ? "" : "s")}"
        }
    }

    private static func quoted(_ s: String) -> String { StringLiteral.quote(s) }
}
