/// Literals build nodes: `"x"` and `"client-\(id)"` are strings, `3` an int, `0.5` a double,
/// `true` a bool, `nil` null, `[…]` a sequence and `["k": …]` a mapping in the order written.
extension YAMLNode: ExpressibleByStringLiteral {
    /// A string node with automatic style.
    package init(stringLiteral value: String) { self = .string(value) }
}

extension YAMLNode: ExpressibleByStringInterpolation {}

extension YAMLNode: ExpressibleByIntegerLiteral {
    /// An int node.
    package init(integerLiteral value: Int) { self = .int(value) }
}

extension YAMLNode: ExpressibleByFloatLiteral {
    /// A double node.
    package init(floatLiteral value: Double) { self = .double(value) }
}

extension YAMLNode: ExpressibleByBooleanLiteral {
    /// A bool node.
    package init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension YAMLNode: ExpressibleByNilLiteral {
    /// The null node.
    package init(nilLiteral: ()) { self = .null }
}

extension YAMLNode: ExpressibleByArrayLiteral {
    /// A sequence node.
    package init(arrayLiteral elements: YAMLNode...) { self = .sequence(elements) }
}

extension YAMLNode: ExpressibleByDictionaryLiteral {
    /// A mapping node with the pairs in the order written.
    package init(dictionaryLiteral elements: (String, YAMLNode)...) {
        self = .mapping(YAMLMapping(elements))
    }
}
