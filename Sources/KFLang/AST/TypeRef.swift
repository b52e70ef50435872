/// A type annotation, as in `let port: Int(1...65535) = 8080`.
package indirect enum TypeRef: Sendable, Hashable {
    /// `Int`, `models.Model`
    case named(NamedTypeRef)
    /// `[T]`
    case list(ListTypeRef)
    /// `T?`
    case optional(OptionalTypeRef)
    /// `T(constraint)`, e.g. `Float(0...1)` or `Int(1...)`
    case refined(RefinedTypeRef)
    /// A type that failed to parse (already diagnosed).
    case missing(Span)

    /// The type's span.
    package var span: Span {
        switch self {
        case .named(let t): t.span
        case .list(let t): t.span
        case .optional(let t): t.span
        case .refined(let t): t.span
        case .missing(let s): s
        }
    }
}

/// A type name, possibly qualified by a module: `Int`, `models.Model`.
package struct NamedTypeRef: Sendable, Hashable {
    /// The name's parts.
    package var path: [Identifier]
    /// Whole name.
    package var span: Span
}

/// `[Element]`
package struct ListTypeRef: Sendable, Hashable {
    /// The element type.
    package var element: TypeRef
    /// Brackets included.
    package var span: Span
}

/// `Wrapped?`
package struct OptionalTypeRef: Sendable, Hashable {
    /// The wrapped type.
    package var wrapped: TypeRef
    /// Whole type.
    package var span: Span
}

/// `Base(constraint)`: values of `Base` that satisfy `constraint` (a range, usually).
package struct RefinedTypeRef: Sendable, Hashable {
    /// The base type.
    package var base: TypeRef
    /// The constraint expression.
    package var constraint: Expr
    /// Whole type.
    package var span: Span
}
