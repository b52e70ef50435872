import KFLang

/// A declaration as written, before replication: `node edge[i in 0..<n] { … }`.
struct DeclGroup {
    var kind: String
    /// Qualified name without an index (`lab.edge`, `digits_fl.client`).
    var name: String
    var syntax: BlockDecl
    /// The scope the declaration appears in (its parent's body, or its module).
    var scope: Scope
    /// The instance the group is nested in, if any.
    var parent: Int?
    /// Whether `[i in seq]` was written.
    var replicated: Bool { syntax.replication != nil }
    /// Instance ids in order, once expanded.
    var instances: [Int] = []
    /// The index value of each instance (replicated groups).
    var keys: [Value] = []
    /// Index value → position, for `edge[3]`.
    var keyIndex: [Value: Int] = [:]
    var expansion: Expansion = .pending

    enum Expansion { case pending, running, done }

    /// The span naming the declaration (its name, or its kind for unnamed blocks).
    var nameSpan: Span { syntax.name?.span ?? syntax.kind.span }
}

/// One concrete declaration: `lab.edge[3]`.
struct DeclInstance {
    var group: Int
    var kind: String
    /// Qualified name (`lab.edge[3]`).
    var name: String
    /// Name inside its parent (`edge[3]`).
    var localName: String
    /// The body scope: the index variable and the body's `let`s.
    var scope: Scope
    /// Nested groups by local name, and in declaration order.
    var children: [String: Int] = [:]
    var childOrder: [Int] = []
    /// Evaluated fields, once computed.
    var fields: [String: Value]?
    /// Where each written field's value is.
    var fieldSpans: [String: Span] = [:]
    var evaluating = false
}
