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
    /// Whether `[i in seq]` was written, or the group gathers several declarations (stored:
    /// read at every use of the group's name).
    let replicated: Bool
    /// A group made by the compiler for `f.client` when a federation's clients are declared
    /// in several named groups (`client north[…]`, `client south[…]`); indexed by position.
    let aggregate: Bool
    /// The fields of the kind's schema (empty for an unknown kind), looked up once.
    let schemaFields: [FieldSpec]
    /// Their names, in the same order (a scan of names copies no field specs).
    let schemaFieldNames: [String]

    init(kind: String, name: String, syntax: BlockDecl, scope: Scope, parent: Int?, aggregate: Bool = false) {
        self.kind = kind
        self.name = name
        self.syntax = syntax
        self.scope = scope
        self.parent = parent
        self.aggregate = aggregate
        self.replicated = syntax.replication != nil || aggregate
        self.schemaFields = Schema.kinds[kind]?.fields ?? []
        self.schemaFieldNames = schemaFields.map(\.name)
        self.fieldDecls = syntax.body.fields
    }
    /// Instance ids in order, once expanded.
    var instances: [Int] = []
    /// The index value of each instance (replicated groups).
    var keys: [Value] = []
    /// Index value → position, for `edge[3]` (left empty when the keys are consecutive Ints,
    /// see `firstKey`).
    var keyIndex: [Value: Int] = [:]
    /// The first key when the keys are consecutive Ints (`0..<n`): positions are computed.
    var firstKey: Int?

    var expansion: Expansion = .pending
    /// The body's fields and where each value is written (shared by all replicas).
    let fieldDecls: [FieldDecl]
    /// How the written fields map onto the schema, shared by the replicas after the first
    /// (see `Evaluator.replicaFields`); nil until one needs it.
    var fieldPlan: FieldPlan?

    /// Where the value of field `name` is written (bodies are small: a scan, no table).
    func fieldSpan(_ name: String) -> Span? { fieldDecls.first { $0.name.name == name }?.value.span }
    /// Whether the replication sequence failed to evaluate (reported), so emptiness is not news.
    var failed = false

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
    /// Evaluated fields in schema order, once computed.
    var fields: [Value?]?
    var evaluating = false
}
