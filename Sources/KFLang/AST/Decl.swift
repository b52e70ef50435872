/// An item of a file or of a declaration body.
///
/// The grammar is generic: `cluster lab { ... }`, `node edge[i in 0..<n] { ... }` and
/// `server { ... }` are all `BlockDecl`s whose `kind` names the schema that later stages apply.
package indirect enum Decl: Sendable, Hashable {
    /// `import std/models { mlp }`
    case importDecl(ImportDecl)
    /// `let n: Int = 10`
    case letDecl(LetDecl)
    /// `KIND name[i in range] { items }`
    case block(BlockDecl)
    /// `name: expr`
    case field(FieldDecl)
    /// `require expr`
    case require(RequireDecl)
    /// `rule "name" jq \`program\``
    case rule(RuleDecl)
    /// `waive RULE because "reason"`
    case waive(WaiveDecl)
    /// An item that failed to parse (already diagnosed).
    case missing(MissingDecl)

    /// The item's span (comments excluded).
    package var span: Span {
        switch self {
        case .importDecl(let d): d.span
        case .letDecl(let d): d.span
        case .block(let d): d.span
        case .field(let d): d.span
        case .require(let d): d.span
        case .rule(let d): d.span
        case .waive(let d): d.span
        case .missing(let d): d.span
        }
    }

    /// The item's comments.
    package var trivia: Trivia {
        get {
            switch self {
            case .importDecl(let d): d.trivia
            case .letDecl(let d): d.trivia
            case .block(let d): d.trivia
            case .field(let d): d.trivia
            case .require(let d): d.trivia
            case .rule(let d): d.trivia
            case .waive(let d): d.trivia
            case .missing(let d): d.trivia
            }
        }
        set {
            switch self {
            case .importDecl(var d):
                d.trivia = newValue
                self = .importDecl(d)
            case .letDecl(var d):
                d.trivia = newValue
                self = .letDecl(d)
            case .block(var d):
                d.trivia = newValue
                self = .block(d)
            case .field(var d):
                d.trivia = newValue
                self = .field(d)
            case .require(var d):
                d.trivia = newValue
                self = .require(d)
            case .rule(var d):
                d.trivia = newValue
                self = .rule(d)
            case .waive(var d):
                d.trivia = newValue
                self = .waive(d)
            case .missing(var d):
                d.trivia = newValue
                self = .missing(d)
            }
        }
    }
}

/// Where an import comes from.
package enum ImportSource: Sendable, Hashable {
    /// A library module path such as `std/models`, resolved in the stdlib search path.
    case module([Identifier])
    /// A file path relative to the importing file, such as `"./common.kf"`.
    case file(StringLiteralExpr)
}

/// `import SOURCE (as alias)? ({ name (as alias)?, ... })?`
package struct ImportDecl: Sendable, Hashable {
    /// One selected name: `mlp` or `mlp as model`.
    package struct Item: Sendable, Hashable {
        /// The imported name.
        package var name: Identifier
        /// The local name, if renamed.
        package var alias: Identifier?
        /// Comments.
        package var trivia: Trivia
    }
    /// Comments before and after the item.
    package var trivia: Trivia
    /// Where the node is, comments excluded.
    package var span: Span
    /// The module or file.
    package var source: ImportSource
    /// `as name`: binds the whole module under this name.
    package var alias: Identifier?
    /// `{ a, b }`: the selected names; nil when there are no braces.
    package var items: [Item]?
    /// Comments before the closing `}` of the selection.
    package var endComments: [Comment]
    /// Whether the selection was written over several lines.
    package var multiline: Bool
}

/// `let name (: Type)? = value`
package struct LetDecl: Sendable, Hashable {
    /// Comments before and after the item.
    package var trivia: Trivia
    /// Where the node is, comments excluded.
    package var span: Span
    /// The declared name.
    package var name: Identifier
    /// The declared type, if written.
    package var type: TypeRef?
    /// The value.
    package var value: Expr
}

/// `[variable in sequence]` after a declaration's name: one copy per element of `sequence`.
package struct ReplicationClause: Sendable, Hashable {
    /// Where the node is, comments excluded.
    package var span: Span
    /// The index variable, bound inside the body.
    package var variable: Identifier
    /// What it ranges over (usually a range such as `0..<n`).
    package var sequence: Expr
}

/// `{ items }`: the body of a block declaration.
package struct BlockBody: Sendable, Hashable {
    /// Braces included.
    package var span: Span
    /// Comments after `{` on its line.
    package var openComments: [Comment] = []
    /// Fields, nested declarations and statements in source order.
    package var items: [Decl]
    /// Comments before the closing `}`.
    package var endComments: [Comment]
    /// Whether the body was written over several lines (the formatter keeps one-line bodies).
    package var multiline: Bool

    /// The body's fields, in order.
    package var fields: [FieldDecl] { items.compactMap { if case .field(let f) = $0 { f } else { nil } } }
    /// The body's nested block declarations, in order.
    package var blocks: [BlockDecl] { items.compactMap { if case .block(let b) = $0 { b } else { nil } } }
}

/// `KIND name? [i in seq]? { body }`: cluster, node, network, zone, dataset, federation,
/// server, client, privacy, policy — the kind selects the schema, the grammar is the same.
package struct BlockDecl: Sendable, Hashable {
    /// Comments before and after the item.
    package var trivia: Trivia
    /// Where the node is, comments excluded.
    package var span: Span
    /// The declaration keyword as written (`cluster`, `node`, ...).
    package var kind: Identifier
    /// The declared name; nil for unnamed blocks such as `server { ... }` or `policy { ... }`.
    package var name: Identifier?
    /// `[i in 0..<n]`, if replicated.
    package var replication: ReplicationClause?
    /// The body.
    package var body: BlockBody
    /// The `///` documentation, if any.
    package var docComment: String? { trivia.docComment }
}

/// `name: value`, in a declaration body or a record.
package struct FieldDecl: Sendable, Hashable {
    /// Comments before and after the item.
    package var trivia: Trivia
    /// Where the node is, comments excluded.
    package var span: Span
    /// The declared name.
    package var name: Identifier
    /// The value.
    package var value: Expr
}

/// `require condition`: a property the policy pass must prove.
package struct RequireDecl: Sendable, Hashable {
    /// Comments before and after the item.
    package var trivia: Trivia
    /// Where the node is, comments excluded.
    package var span: Span
    /// The property to prove.
    package var condition: Expr
}

/// `rule "name" jq \`program\``: a custom jq rule whose output strings are violations.
package struct RuleDecl: Sendable, Hashable {
    /// Comments before and after the item.
    package var trivia: Trivia
    /// Where the node is, comments excluded.
    package var span: Span
    /// The rule's name, shown in violations and used by 'waive'.
    package var name: StringLiteralExpr
    /// The jq program.
    package var program: JQLiteralExpr
}

/// `waive RULE because "reason"`: turns off a built-in or named rule, with a reason.
package struct WaiveDecl: Sendable, Hashable {
    /// Comments before and after the item.
    package var trivia: Trivia
    /// Where the node is, comments excluded.
    package var span: Span
    /// The rule: a name (`non_root`), a path (`security.non_root`) or a string (`"images are pinned"`).
    package var rule: Expr
    /// Why the rule is waived (mandatory).
    package var reason: StringLiteralExpr
}

/// An item that failed to parse; it was diagnosed and raises nothing further.
package struct MissingDecl: Sendable, Hashable {
    /// Comments before and after the item.
    package var trivia: Trivia
    /// Where the node is, comments excluded.
    package var span: Span
}

extension Decl {
    /// The item's `///` documentation, if any.
    package var docComment: String? { trivia.docComment }
}

extension LetDecl {
    /// The binding's `///` documentation, if any.
    package var docComment: String? { trivia.docComment }
}

extension FieldDecl {
    /// The field's `///` documentation, if any.
    package var docComment: String? { trivia.docComment }
}
