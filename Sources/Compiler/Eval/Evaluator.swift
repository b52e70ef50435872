import KFLang

/// A `let` and its evaluation state.
struct LetSlot {
    var decl: LetDecl
    var scope: Scope
    var state: State = .pending
    /// A `--set` value that replaces the written one.
    var override: Override?

    /// `--set NAME=VALUE`: the text as given, and the expression it parses to (nil when it does
    /// not parse; `diagnostics` say why, reported only if the text is not taken as a string).
    struct Override {
        var text: String
        var expr: Expr?
        var diagnostics: [Diagnostic]
    }

    enum State { case pending, running, done(Value) }
}

/// A component template: `model mlp { let hidden: [Int] = [32] }`.
struct ComponentTemplate {
    var category: String
    var name: String
    var syntax: BlockDecl
    var scope: Scope
}

/// Resolves names and evaluates a loaded program: lets, declarations (replicas expanded),
/// fields checked against their schemas, components and built-ins.
///
/// Evaluation is lazy and memoised: a `let` or a declaration's fields are computed on first
/// use, and a value that is needed while it is being computed is a cycle (KF2004). Every
/// expression evaluated counts one step; past `stepLimit` evaluation stops with KF2001.
final class Evaluator {
    let sink: DiagnosticSink
    let modules: [LoadedModule]
    let prelude = Scope(parent: nil)
    var moduleScopes: [Scope] = []
    var lets: [LetSlot] = []
    var components: [ComponentTemplate] = []
    var groups: [DeclGroup] = []
    var instances: [DeclInstance] = []
    /// Top-level groups of every module, in module then source order.
    var topGroups: [Int] = []
    var steps = 0
    let stepLimit: Int
    var aborted = false
    /// How many lets, declarations and groups are being computed inside each other.
    var depth = 0
    /// Past this depth evaluation stops (KF2023) instead of overflowing the stack.
    static let depthLimit = 400
    /// The most elements of one list (a range is turned into one to be iterated) and so the
    /// most replicas of one declaration (KF2027).
    static let maxListElements = 1_000_000
    /// The most UTF-8 bytes of one string (KF2027).
    static let maxStringBytes = 1 << 20
    /// The most declaration instances (replicas included) of a whole deployment (KF2027): the
    /// step limit alone would let nested replications build tens of millions of them first.
    /// 500,000 holds a 100,000-client federation written one node, zone, dataset and client
    /// per client (the KubeFlower example's shape).
    static let maxInstances = 500_000
    /// The most list elements built in one evaluation, all lists together (KF2027): a bound on
    /// memory, as lists of lists can each stay under `maxListElements`.
    static let maxBuiltElements = 4_000_000
    /// List elements built so far.
    var builtElements = 0
    /// How many lets, expansions and instances' fields have been computed (each once, then
    /// memoised): an evaluation that leaves it unchanged only read memoised values.
    var lazyWork = 0
    /// Whether replicas share their invariant fields (`CompileRequest.sharesInvariantFields`).
    var sharesInvariantFields = true
    /// Whether a replication was refused for passing `maxInstances` (reported once).
    var instancesCapped = false

    init(modules: [LoadedModule], sink: DiagnosticSink, stepLimit: Int) {
        self.modules = modules
        self.sink = sink
        self.stepLimit = stepLimit
        for b in Builtins.names { prelude.bind(b, .value(.builtin(b), nil), at: nil) }
    }

    // MARK: - Declaring

    /// Binds every module's top-level names, then its imports.
    func declare() {
        for m in modules {
            let scope = Scope(parent: prelude)
            moduleScopes.append(scope)
            for item in m.syntax.items { declareTopLevel(item, in: scope) }
        }
        for m in modules { bindImports(of: m) }
    }

    private func declareTopLevel(_ item: Decl, in scope: Scope) {
        switch item {
        case .letDecl(let d):
            declareLet(d, in: scope, warnShadowing: false)
        case .block(let b):
            guard let schema = knownSchema(b) else {
                if let name = b.name { scope.bind(name.name, .value(.error, name.span), at: name.span) }
                return
            }
            if !schema.parents.isEmpty {
                sink.report(.misplacedDeclaration(b.kind.span, b.kind.name, allowed: "inside a '\(schema.parents[0])'"))
                return
            }
            if schema.named, b.name == nil {
                sink.report(.missingName(b.kind.span, kind: b.kind.name))
                return
            }
            if Schema.componentKinds.contains(b.kind.name), let name = b.name {
                components.append(ComponentTemplate(category: b.kind.name, name: name.name, syntax: b, scope: scope))
                bind(name.name, .component(components.count - 1), at: name.span, in: scope)
                return
            }
            let g = newGroup(b, scope: scope, parent: nil, qualifiedPrefix: nil)
            topGroups.append(g)
            if let name = b.name { bind(name.name, .group(g), at: name.span, in: scope) }
        default:
            break
        }
    }

    /// Registers a `let` in `scope`.
    func declareLet(_ d: LetDecl, in scope: Scope, warnShadowing: Bool) {
        lets.append(LetSlot(decl: d, scope: scope))
        if warnShadowing, case .some(.some(let outer)) = scope.outerSpan(of: d.name.name) {
            sink.report(.shadowing(d.name.span, d.name.name, outer: outer))
        }
        bind(d.name.name, .letSlot(lets.count - 1), at: d.name.span, in: scope)
    }

    /// Binds a name, reporting KF1002 if the scope already has it.
    func bind(_ name: String, _ b: Binding, at span: Span, in scope: Scope) {
        if case .some(let first) = scope.bind(name, b, at: span) {
            sink.report(.duplicateDeclaration(span, name, first: first))
        }
    }

    /// The schema of a block's kind, or nil after reporting KF1008.
    func knownSchema(_ b: BlockDecl) -> KindSchema? {
        if let s = Schema.kinds[b.kind.name] { return s }
        sink.report(
            .unknownKind(b.kind.span, b.kind.name, suggestion: Suggest.closest(to: b.kind.name, in: Schema.kinds.keys)))
        return nil
    }

    private func bindImports(of m: LoadedModule) {
        let scope = moduleScopes[m.id]
        for (imp, target) in zip(m.syntax.imports, m.resolved) {
            guard let target else {
                // The failed import was reported; its names stand for nothing, quietly.
                for item in imp.items ?? [] {
                    let local = item.alias ?? item.name
                    scope.bind(local.name, .value(.error, local.span), at: local.span)
                }
                continue
            }
            let exported = moduleScopes[target]
            if let items = imp.items {
                for item in items {
                    guard let b = exported.own(item.name.name) else {
                        sink.report(
                            .unknownImport(
                                item.name.span, item.name.name, module: modules[target].displayName,
                                suggestion: Suggest.closest(to: item.name.name, in: exported.names.keys)))
                        let local = item.alias ?? item.name
                        scope.bind(local.name, .value(.error, local.span), at: local.span)
                        continue
                    }
                    let local = item.alias ?? item.name
                    bind(local.name, b.0, at: local.span, in: scope)
                }
            } else {
                let local: Identifier
                if let alias = imp.alias {
                    local = alias
                } else if case .module(let parts) = imp.source, let last = parts.last {
                    local = last
                } else {
                    continue
                }
                bind(local.name, .module(target), at: local.span, in: scope)
            }
        }
    }

    /// Creates a group for a block declaration (not yet expanded).
    func newGroup(_ b: BlockDecl, scope: Scope, parent: Int?, qualifiedPrefix: String?) -> Int {
        let local = b.name?.name ?? b.kind.name
        let name = qualifiedPrefix.map { "\($0).\(local)" } ?? local
        groups.append(DeclGroup(kind: b.kind.name, name: name, syntax: b, scope: scope, parent: parent))
        return groups.count - 1
    }

    // MARK: - Steps

    /// Enters one more nested computation; false (reported once) when too deep.
    func enter(_ span: Span) -> Bool {
        if aborted { return false }
        if depth >= Self.depthLimit {
            aborted = true
            sink.report(.tooDeep(span, limit: Self.depthLimit))
            return false
        }
        depth += 1
        return true
    }

    /// Counts one evaluation step; false once the limit is exceeded (reported once).
    func step(_ span: Span, count: Int = 1) -> Bool {
        if aborted { return false }
        let (total, overflow) = steps.addingReportingOverflow(count)
        steps = overflow ? .max : total
        if steps > stepLimit {
            aborted = true
            sink.report(.stepLimit(span, limit: stepLimit))
            return false
        }
        return true
    }

    /// `v`, or `.error` after KF2027 when it is a string or list past the size limits. Building
    /// a string or a list by concatenation costs a step per element (per 64 bytes of a string),
    /// so the step limit also bounds the work of copying values, not only of evaluating them.
    func sized(_ v: Value, _ span: Span) -> Value {
        switch v {
        case .string(let s):
            let bytes = s.utf8.count
            guard bytes <= Self.maxStringBytes else {
                sink.report(
                    .valueTooLarge(span, what: "a string of \(bytes) bytes", limit: "\(Self.maxStringBytes) bytes"))
                return .error
            }
            return step(span, count: bytes / 64) ? v : .error
        case .list(let xs):
            guard xs.count <= Self.maxListElements else {
                sink.report(
                    .valueTooLarge(
                        span, what: "a list of \(xs.count) elements", limit: "\(Self.maxListElements) elements"))
                return .error
            }
            builtElements += xs.count
            guard builtElements <= Self.maxBuiltElements else {
                if !aborted {
                    sink.report(
                        .valueTooLarge(
                            span, what: "\(builtElements) list elements in all",
                            limit: "\(Self.maxBuiltElements) list elements in one evaluation"))
                }
                aborted = true
                return .error
            }
            return step(span, count: xs.count) ? v : .error
        default:
            return v
        }
    }

    // MARK: - Lets

    /// Evaluates every `let` (unused ones too), so each reports its errors.
    func evaluateAllLets() {
        var k = 0
        while k < lets.count {
            _ = value(ofLet: k, usedAt: lets[k].decl.name.span)
            k += 1
        }
    }

    /// The value of a `let`, computing it on first use.
    func value(ofLet k: Int, usedAt span: Span) -> Value {
        switch lets[k].state {
        case .done(let v): return v
        case .running:
            sink.report(.cyclicDefinition(span, lets[k].decl.name.name))
            return .error
        case .pending:
            guard enter(span) else { return .error }
            defer { depth -= 1 }
            lazyWork += 1
            lets[k].state = .running
            let slot = lets[k]
            let declared = slot.decl.type.flatMap { resolveType($0, in: slot.scope) }
            var v: Value
            if let o = slot.override {
                v = overrideValue(o, slot: slot, declared: declared)
            } else {
                v = eval(slot.decl.value, in: slot.scope, expecting: declared)
                if let declared { v = coerce(v, to: declared, at: slot.decl.value.span) }
            }
            lets[k].state = .done(v)
            return v
        }
    }

    /// The value of a `--set` override. For a `String` let (declared, or inferred from the
    /// written value) the text is the string unless it is written as a string literal, as Pkl's
    /// `-p` does; otherwise it is a kf expression, and an `Int` stands for a `Float` let.
    @inline(never)
    private func overrideValue(_ o: LetSlot.Override, slot: LetSlot, declared: KType?) -> Value {
        let name = slot.decl.name.name
        let original = declared == nil ? eval(slot.decl.value, in: slot.scope, expecting: nil) : nil
        let isString: Bool =
            if let declared { declared.unwrapped == .string } else {
                original.map { typeName($0) == "String" } ?? false
            }
        let quoted = o.text.drop(while: { $0 == " " }).hasPrefix("\"")
        if isString, !quoted { return .string(o.text) }
        guard let expr = o.expr else {
            sink.report(contentsOf: o.diagnostics)
            return .error
        }
        var v = eval(expr, in: slot.scope, expecting: declared)
        if let declared { return coerce(v, to: declared, at: expr.span) }
        guard let original, !original.isError, !v.isError else { return v.isError ? .error : v }
        if case .float = original, case .int(let n) = v { v = .float(Double(n)) }
        if typeName(original) != typeName(v) {
            sink.report(
                .typeMismatch(
                    expr.span, expected: typeName(original), found: typeName(v),
                    note: "'--set \(name)' must have the type of the value it replaces"))
            return .error
        }
        return v
    }
}
