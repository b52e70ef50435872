import Foundation
import KFLang

/// Lowers `policy { … }` blocks: `require` predicates, jq `rule`s and `waive`s.
///
/// A requirement is `NAME(subjects…)` or `NAME(subjects…) <= bound`; subjects are references
/// to declarations (a replicated one stands for all its replicas, by its group name).
struct PolicyLowering {
    /// The requirements the policy pass knows how to prove.
    static let predicates = Predicate.allCases.map(\.rawValue)

    let ev: Evaluator
    let builder: IRBuilder
    var policy = IR.Policy()

    init(ev: Evaluator, builder: IRBuilder) {
        self.ev = ev
        self.builder = builder
    }

    mutating func lower(_ p: Int) {
        let scope = ev.instances[p].scope
        let body = ev.groups[ev.instances[p].group].syntax.body
        for item in body.items {
            switch item {
            case .require(let r): requirement(r, in: scope)
            case .rule(let r):
                guard let name = r.name.staticValue else {
                    ev.sink.report(
                        .typeMismatch(r.name.span, expected: "a plain string", found: "an interpolated string"))
                    continue
                }
                policy.rules.append(
                    IR.Rule(name: name, jq: r.program.program, on: "manifests", origin: builder.origin(r.span)))
            case .waive(let w):
                let reason = w.reason.staticValue ?? ""
                if reason.trimmingCharacters(in: .whitespaces).isEmpty {
                    ev.sink.report(.typeMismatch(w.reason.span, expected: "a reason", found: "an empty string"))
                }
                policy.waivers.append(IR.Waiver(rule: ruleName(w.rule), reason: reason, origin: builder.origin(w.span)))
            default: break
            }
        }
    }

    private func ruleName(_ e: Expr) -> String {
        switch e {
        case .identifier(let id): id.name
        case .member(let m): ruleName(m.base) + "." + m.member.name
        case .string(let s): s.staticValue ?? ""
        default: ""
        }
    }

    /// `require a && b` is two requirements.
    private mutating func requirement(_ r: RequireDecl, in scope: Scope) {
        var parts: [Expr] = []
        var stack = [r.condition]
        while let e = stack.popLast() {
            var e = e
            while case .paren(let p) = e { e = p.inner }
            if case .binary(let b) = e, b.op == .and { stack += [b.rhs, b.lhs] } else { parts.append(e) }
        }
        for p in parts { requirement(p, of: r, in: scope) }
    }

    private mutating func requirement(_ condition: Expr, of r: RequireDecl, in scope: Scope) {
        var cond = condition
        var bound: Double?
        var comparison: BinaryExpr?
        if case .binary(let b) = cond, b.op == .lessEqual || b.op == .less {
            let v = ev.eval(b.rhs, in: scope, expecting: .float(nil))
            guard let d = v.asDouble else {
                if !v.isError { ev.sink.report(.typeMismatch(b.rhs.span, expected: "a number", found: ev.typeName(v))) }
                return
            }
            bound = d
            comparison = b
            cond = b.lhs
        }
        guard case .call(let c) = cond, case .identifier(let callee) = c.callee else {
            ev.sink.report(
                .typeMismatch(
                    condition.span, expected: "a requirement such as 'isolated(f.client)'",
                    found: "another expression"))
            return
        }
        guard let predicate = Predicate(rawValue: callee.name) else {
            ev.sink.report(
                .unknownPredicate(
                    callee.span, callee.name,
                    suggestion: Suggest.closest(to: callee.name, in: Self.predicates)))
            return
        }
        var wellFormed = true
        if predicate == .budget, bound == nil {
            ev.sink.report(.malformedRequirement(c.span, predicate: callee.name, problem: .missingBound))
            wellFormed = false
        } else if predicate != .budget, let b = comparison {
            ev.sink.report(
                .malformedRequirement(
                    b.opSpan, predicate: callee.name, problem: .unexpectedBound(remove: Self.boundSpan(b))))
            wellFormed = false
        }
        if c.arguments.isEmpty {
            ev.sink.report(.malformedRequirement(c.span, predicate: callee.name, problem: .noSubjects))
            wellFormed = false
        }
        var subjects: [String] = []
        var kinds: [IR.SubjectKind] = []
        for a in c.arguments {
            let value = ev.eval(a.value, in: scope, expecting: nil)
            let name: String
            let declKind: String
            switch value {
            case .decl(let i): (name, declKind) = (ev.instances[i].name, ev.instances[i].kind)
            case .group(let g): (name, declKind) = (ev.groups[g].name, ev.groups[g].kind)
            case .error: return
            case let v:
                ev.sink.report(.typeMismatch(a.value.span, expected: "a declaration", found: ev.typeName(v)))
                return
            }
            let replicated = if case .group = value { true } else { false }
            guard let kind = Self.subjectKind(declKind, replicated: replicated),
                predicate.accepts.contains(kind)
            else {
                ev.sink.report(
                    .wrongRequirementSubject(
                        a.value.span, predicate: callee.name,
                        found: replicated ? "the replicated \(declKind) '\(name)'" : "\(declKind) '\(name)'",
                        accepted: predicate.acceptedDescription))
                wellFormed = false
                continue
            }
            subjects.append(name)
            kinds.append(kind)
        }
        guard wellFormed else { return }
        policy.requirements.append(
            IR.Requirement(
                origin: builder.origin(r.span), kind: callee.name, subjects: subjects, subjectKinds: kinds,
                bound: bound))
    }

    /// The subject kind a declaration of `kind` stands for, nil when no predicate takes it.
    /// A replicated federation is refused: each federation is proved on its own.
    private static func subjectKind(_ kind: String, replicated: Bool) -> IR.SubjectKind? {
        switch kind {
        case "federation": replicated ? nil : .federation
        case "client": .clients
        case "network": replicated ? nil : .network
        case "zone": .zones
        case "dataset": .datasets
        default: nil
        }
    }

    /// The text from the end of the call to the end of the bound (` <= 1.0`), to remove.
    private static func boundSpan(_ b: BinaryExpr) -> Span {
        let lhs = b.lhs.span
        let gap = b.opSpan.start - lhs.end
        guard gap >= 0, b.opSpan.column - gap >= 1 else {
            return Span(
                file: b.opSpan.file, start: b.opSpan.start, end: b.rhs.span.end, line: b.opSpan.line,
                column: b.opSpan.column)
        }
        return Span(
            file: lhs.file, start: lhs.end, end: b.rhs.span.end, line: b.opSpan.line, column: b.opSpan.column - gap)
    }
}

/// A predicate of `require` and the kinds of declaration it applies to.
///
/// See `docs/policy/requirements.md`.
enum Predicate: String, CaseIterable {
    case budget
    case datasetLocal = "dataset_local"
    case isolated
    case noInternet = "no_internet"

    /// The subject kinds the predicate accepts.
    var accepts: [IR.SubjectKind] {
        switch self {
        case .isolated: [.clients, .federation]
        case .noInternet: [.network, .zones, .federation, .clients]
        case .datasetLocal: [.federation, .clients]
        case .budget: [.federation, .datasets]
        }
    }

    /// The accepted kinds in words, for diagnostics.
    var acceptedDescription: String {
        switch self {
        case .isolated: "a federation's clients ('f.client' or a client group) or a federation"
        case .noInternet: "a network, a zone or zone group, a federation, or a federation's clients"
        case .datasetLocal: "a federation or a federation's clients"
        case .budget: "a federation or a dataset (or dataset group)"
        }
    }
}

/// What is wrong with the shape of a requirement (KF1027).
enum RequirementShapeProblem {
    /// `budget(...)` with no `<= bound`.
    case missingBound
    /// A bound on a predicate that takes none; the span of the bound, to remove.
    case unexpectedBound(remove: Span)
    /// `name()` with no subject.
    case noSubjects
}
