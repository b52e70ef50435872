/// A YAML value: what emitters build and what ``YAMLParsedNode/value`` returns.
///
/// Mappings keep insertion order, so the code that builds a node decides the key order of the
/// output. Building is cheap: scalars are stored inline and collections are plain arrays, so a
/// stream of hundreds of thousands of nodes costs only their arrays and strings.
///
/// Literals build nodes directly:
/// ```swift
/// let pod: YAMLNode = ["apiVersion": "v1", "kind": "Pod", "spec": ["containers": [["name": "app"]]]]
/// ```
package enum YAMLNode: Sendable, Hashable {
    /// A string. The writer quotes it whenever a YAML 1.1/1.2 reader would otherwise read it as
    /// another type; `style` requests a presentation (`nil`: plain when safe, literal block for
    /// multi-line text). Equality compares the style too; values from the reader have none.
    case string(String, style: YAMLScalarStyle? = nil)
    /// A 64-bit integer, written plain in decimal.
    case int(Int)
    /// A floating-point number, written plain so that every reader sees a float
    /// (`1.0`, `2.5e-07`, `.inf`, `-.inf`, `.nan`).
    case double(Double)
    /// A boolean, written `true` / `false`.
    case bool(Bool)
    /// Null, written `null`.
    case null
    /// A sequence, written as a block sequence (`[]` when empty).
    case sequence([YAMLNode])
    /// An ordered mapping with string keys, written as a block mapping (`{}` when empty).
    case mapping(YAMLMapping)
}

// MARK: - Accessors

extension YAMLNode {
    /// The string, if this is a string.
    package var string: String? {
        if case .string(let s, _) = self { return s }
        return nil
    }

    /// The integer, if this is an int.
    package var int: Int? {
        if case .int(let i) = self { return i }
        return nil
    }

    /// The number, if this is a double or an int (converted).
    package var double: Double? {
        switch self {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: return nil
        }
    }

    /// The boolean, if this is a bool.
    package var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Whether this is null.
    package var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The items, if this is a sequence.
    package var sequence: [YAMLNode]? {
        if case .sequence(let items) = self { return items }
        return nil
    }

    /// The mapping, if this is a mapping.
    package var mapping: YAMLMapping? {
        if case .mapping(let m) = self { return m }
        return nil
    }

    /// Whether this is a scalar (not a sequence or mapping).
    package var isScalar: Bool {
        switch self {
        case .sequence, .mapping: return false
        default: return true
        }
    }

    /// The value for `key` if this is a mapping that has it (the last one when repeated).
    package subscript(key: String) -> YAMLNode? {
        guard case .mapping(let m) = self else { return nil }
        return m[key]
    }

    /// The item at `index` if this is a sequence long enough.
    package subscript(index: Int) -> YAMLNode? {
        guard case .sequence(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
