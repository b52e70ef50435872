import Foundation
import KFLang

/// Lowers `policy { … }` blocks: `require` predicates, jq `rule`s and `waive`s.
///
/// A requirement is `NAME(subjects…)` or `NAME(subjects…) <= bound`; subjects are references
/// to declarations (a replicated one stands for all its replicas, by its group name).
struct PolicyLowering {
    /// The requirements the policy pass knows how to prove.
    static let predicates = ["budget", "dataset_local", "isolated", "no_internet"]

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
        if case .binary(let b) = cond, b.op == .lessEqual || b.op == .less {
            let v = ev.eval(b.rhs, in: scope, expecting: .float(nil))
            guard let d = v.asDouble else {
                if !v.isError { ev.sink.report(.typeMismatch(b.rhs.span, expected: "a number", found: ev.typeName(v))) }
                return
            }
            bound = d
            cond = b.lhs
        }
        guard case .call(let c) = cond, case .identifier(let callee) = c.callee else {
            ev.sink.report(
                .typeMismatch(
                    condition.span, expected: "a requirement such as 'isolated(f.client)'",
                    found: "another expression"))
            return
        }
        guard Self.predicates.contains(callee.name) else {
            ev.sink.report(
                .unknownPredicate(
                    callee.span, callee.name,
                    suggestion: Suggest.closest(to: callee.name, in: Self.predicates)))
            return
        }
        var subjects: [String] = []
        for a in c.arguments {
            switch ev.eval(a.value, in: scope, expecting: nil) {
            case .decl(let i): subjects.append(ev.instances[i].name)
            case .group(let g): subjects.append(ev.groups[g].name)
            case .error: return
            case let v:
                ev.sink.report(.typeMismatch(a.value.span, expected: "a declaration", found: ev.typeName(v)))
                return
            }
        }
        policy.requirements.append(
            IR.Requirement(
                kind: callee.name, subjects: subjects, bound: bound,
                origin: builder.origin(r.span)))
    }
}
