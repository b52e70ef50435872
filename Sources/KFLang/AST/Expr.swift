/// An expression. Every case carries a struct with the node's exact `span`.
package indirect enum Expr: Sendable, Hashable {
    /// `n`, `edge`
    case identifier(IdentifierExpr)
    /// `10`, `1_000`
    case integer(IntegerLiteralExpr)
    /// `0.7`, `1e-5`
    case float(FloatLiteralExpr)
    /// `30s`, `500m`, `8Gi`: a number with a unit
    case quantity(QuantityLiteralExpr)
    /// `true`, `false`
    case bool(BoolLiteralExpr)
    /// `none`: the absent optional
    case none(NoneLiteralExpr)
    /// `"edge-\(i)"`
    case string(StringLiteralExpr)
    /// `10.0.0.1`
    case ip(IPLiteralExpr)
    /// `10.18.0.0/16`
    case cidr(CIDRLiteralExpr)
    /// `` `.[] | .kind` ``
    case jq(JQLiteralExpr)
    /// `[a, b]`
    case list(ListExpr)
    /// `[expr for i in seq]`
    case comprehension(ComprehensionExpr)
    /// `{ a: 1, b: 2 }`
    case record(RecordExpr)
    /// `(expr)`
    case paren(ParenExpr)
    /// `-x`, `!x`
    case unary(UnaryExpr)
    /// `a + b`, `a && b`, `a <= b`
    case binary(BinaryExpr)
    /// `0..<n`, `1...65535`, `0...` (open above)
    case range(RangeExpr)
    /// `lab.edge`
    case member(MemberExpr)
    /// `lab.edge[i]`
    case index(IndexExpr)
    /// `mlp(hidden: [32])`
    case call(CallExpr)
    /// `if i < 20 { 0.5 } else { 1.0 }`
    case conditional(ConditionalExpr)
    /// An expression that failed to parse (already diagnosed).
    case missing(MissingExpr)

    /// The expression's span.
    package var span: Span {
        switch self {
        case .identifier(let e): e.span
        case .integer(let e): e.span
        case .float(let e): e.span
        case .quantity(let e): e.span
        case .bool(let e): e.span
        case .none(let e): e.span
        case .string(let e): e.span
        case .ip(let e): e.span
        case .cidr(let e): e.span
        case .jq(let e): e.span
        case .list(let e): e.span
        case .comprehension(let e): e.span
        case .record(let e): e.span
        case .paren(let e): e.span
        case .unary(let e): e.span
        case .binary(let e): e.span
        case .range(let e): e.span
        case .member(let e): e.span
        case .index(let e): e.span
        case .call(let e): e.span
        case .conditional(let e): e.span
        case .missing(let e): e.span
        }
    }

    /// Whether this expression or any part of it failed to parse.
    package var isMissing: Bool { if case .missing = self { true } else { false } }
}

/// A name reference.
package struct IdentifierExpr: Sendable, Hashable {
    /// The name.
    package var name: String
    /// Where it is.
    package var span: Span
}

/// An integer literal; `value` is nil if it does not fit in 64 bits (diagnosed).
package struct IntegerLiteralExpr: Sendable, Hashable {
    /// The digits as written (underscores included).
    package var text: String
    /// The value.
    package var value: Int?
    /// Where it is.
    package var span: Span
}

/// A floating-point literal.
package struct FloatLiteralExpr: Sendable, Hashable {
    /// As written.
    package var text: String
    /// The value.
    package var value: Double
    /// Where it is.
    package var span: Span
}

/// A number with a unit suffix. The unit's meaning (`m` = minutes or milli) depends on the
/// expected type, so the type checker interprets it.
package struct QuantityLiteralExpr: Sendable, Hashable {
    /// The number as written, without the unit.
    package var number: String
    /// The number's value.
    package var value: Double
    /// The unit as written (`s`, `ms`, `m`, `Gi`, `k`, ...).
    package var unit: String
    /// Where it is.
    package var span: Span
}

/// `true` or `false`.
package struct BoolLiteralExpr: Sendable, Hashable {
    /// The value.
    package var value: Bool
    /// Where it is.
    package var span: Span
}

/// `none`.
package struct NoneLiteralExpr: Sendable, Hashable {
    /// Where it is.
    package var span: Span
}

/// A string literal, split into text and interpolations.
package struct StringLiteralExpr: Sendable, Hashable {
    /// One piece of the literal.
    package enum Segment: Sendable, Hashable {
        /// Decoded text (escapes resolved) and the span of its source.
        case text(String, Span)
        /// `\(expr)`; the span covers `\(` to `)`.
        case interpolation(Expr, Span)
    }
    /// The pieces, in order (empty text pieces are dropped).
    package var segments: [Segment]
    /// Quotes included.
    package var span: Span

    /// The value if the literal has no interpolation.
    package var staticValue: String? {
        var s = ""
        for seg in segments {
            guard case .text(let t, _) = seg else { return nil }
            s += t
        }
        return s
    }
}

/// An IPv4 address literal.
package struct IPLiteralExpr: Sendable, Hashable {
    /// As written.
    package var text: String
    /// The four octets (zero if the literal was invalid, which was diagnosed).
    package var octets: [UInt8]
    /// Where it is.
    package var span: Span
}

/// A CIDR block literal.
package struct CIDRLiteralExpr: Sendable, Hashable {
    /// As written.
    package var text: String
    /// The four octets of the address.
    package var octets: [UInt8]
    /// The prefix length.
    package var prefixLength: Int
    /// Where it is.
    package var span: Span
}

/// A jq program in backticks.
package struct JQLiteralExpr: Sendable, Hashable {
    /// The program text between the backticks, exactly as written.
    package var program: String
    /// Backticks included.
    package var span: Span
}

/// An element of a list, with its comments.
package struct ListElement: Sendable, Hashable {
    /// Comments.
    package var trivia: Trivia
    /// The element.
    package var value: Expr
}

/// `[a, b, c]`
package struct ListExpr: Sendable, Hashable {
    /// Comments after `[` on its line.
    package var openComments: [Comment] = []
    /// The elements.
    package var elements: [ListElement]
    /// Comments before `]`.
    package var endComments: [Comment]
    /// Whether it was written over several lines.
    package var multiline: Bool
    /// Brackets included.
    package var span: Span
}

/// `[body for variable in sequence]`
package struct ComprehensionExpr: Sendable, Hashable {
    /// The element expression.
    package var body: Expr
    /// The bound variable.
    package var variable: Identifier
    /// What it ranges over.
    package var sequence: Expr
    /// Brackets included.
    package var span: Span
}

/// `if condition { then } else { otherwise }`, where `otherwise` may itself be a conditional
/// (`else if`). Only the branch the condition selects is evaluated.
package struct ConditionalExpr: Sendable, Hashable {
    /// The `Bool` that selects a branch.
    package var condition: Expr
    /// The value when the condition holds.
    package var then: Expr
    /// The value otherwise: a `.conditional` for `else if`.
    package var otherwise: Expr
    /// From `if` through the last `}`.
    package var span: Span
}

/// `{ name: value, ... }`
package struct RecordExpr: Sendable, Hashable {
    /// Comments after `{` on its line.
    package var openComments: [Comment] = []
    /// The fields.
    package var fields: [FieldDecl]
    /// Comments before `}`.
    package var endComments: [Comment]
    /// Whether it was written over several lines.
    package var multiline: Bool
    /// Braces included.
    package var span: Span
}

/// `(expr)`: kept so the formatter prints the parentheses the author wrote.
package struct ParenExpr: Sendable, Hashable {
    /// The inner expression.
    package var inner: Expr
    /// Parentheses included.
    package var span: Span
}

/// A prefix operator.
package enum UnaryOperator: String, Sendable, Hashable {
    /// Arithmetic negation.
    case negate = "-"
    /// Boolean not.
    case not = "!"
}

/// `-x`, `!x`
package struct UnaryExpr: Sendable, Hashable {
    /// The operator.
    package var op: UnaryOperator
    /// Span of the operator.
    package var opSpan: Span
    /// The operand.
    package var operand: Expr
    /// Whole expression.
    package var span: Span
}

/// An infix operator, with its precedence (higher binds tighter).
package enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"

    /// 1 (`||`) to 5 (`*`).
    package var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: 3
        case .add, .subtract: 4
        case .multiply, .divide, .remainder: 5
        }
    }

    /// Whether the operator compares (comparisons do not chain).
    package var isComparison: Bool { precedence == 3 }
}

/// `lhs op rhs`
package struct BinaryExpr: Sendable, Hashable {
    /// Left operand.
    package var lhs: Expr
    /// The operator.
    package var op: BinaryOperator
    /// Span of the operator.
    package var opSpan: Span
    /// Right operand.
    package var rhs: Expr
    /// Whole expression.
    package var span: Span
}

/// A range: `a..<b` is [a, b), `a...b` is [a, b], `a<..b` is (a, b], `a<..<b` is (a, b).
/// Either bound may be absent in refinements: `0...` is "at least 0", `0<..` is "positive",
/// `..<1` is "below 1".
package struct RangeExpr: Sendable, Hashable {
    /// The lower bound, if written.
    package var lower: Expr?
    /// The upper bound, if written.
    package var upper: Expr?
    /// Whether the upper bound is included (`...`, `<..`).
    package var closed: Bool
    /// Whether the lower bound is excluded (`<..`, `<..<`).
    package var lowerOpen: Bool = false
    /// Span of the operator.
    package var opSpan: Span
    /// Whole expression.
    package var span: Span
}

/// `base.member`
package struct MemberExpr: Sendable, Hashable {
    /// The value whose member is read.
    package var base: Expr
    /// The member name.
    package var member: Identifier
    /// Whole expression.
    package var span: Span
}

/// `base[index]`
package struct IndexExpr: Sendable, Hashable {
    /// The indexed value.
    package var base: Expr
    /// The index.
    package var index: Expr
    /// Whole expression.
    package var span: Span
}

/// One call argument: `value` or `label: value`.
package struct Argument: Sendable, Hashable {
    /// Comments.
    package var trivia: Trivia
    /// The label, for named arguments.
    package var label: Identifier?
    /// The value.
    package var value: Expr
    /// Label (if any) through value.
    package var span: Span
}

/// `callee(args)`
package struct CallExpr: Sendable, Hashable {
    /// Comments after `(` on its line.
    package var openComments: [Comment] = []
    /// The called function (usually a name or a member path).
    package var callee: Expr
    /// The arguments, in order.
    package var arguments: [Argument]
    /// Comments before `)`.
    package var endComments: [Comment]
    /// Whether the arguments were written over several lines.
    package var multiline: Bool
    /// Whole expression.
    package var span: Span
}

/// An expression that failed to parse; it was diagnosed and raises nothing further.
package struct MissingExpr: Sendable, Hashable {
    /// Where the expression was expected.
    package var span: Span
}
