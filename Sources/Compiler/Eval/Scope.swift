import KFLang

/// What a name in scope stands for.
enum Binding {
    /// A computed value (a replication index, a comprehension variable), with its declaration.
    case value(Value, Span?)
    /// A `let`, evaluated on first use (index into the evaluator's let slots).
    case letSlot(Int)
    /// A top-level or nested declaration group (index into the evaluator's groups).
    case group(Int)
    /// A component template such as `mlp` (index into the evaluator's components).
    case component(Int)
    /// A whole imported module (`import std/models as models`).
    case module(Int)

    /// Where the name was declared, for duplicate and shadowing diagnostics.
    var isValue: Bool { if case .value = self { true } else { false } }
}

/// A lexical scope: a table of names and a link to the enclosing scope.
///
/// A class so nested scopes share their parent without copying it; scopes are built once and
/// only read while fields are evaluated.
final class Scope {
    let parent: Scope?
    // Most scopes are a replica's, with one name (its index variable): kept inline, so the
    // table is only allocated for a second name.
    // The name apart from its binding: a lookup compares names without copying bindings.
    private var singleName: String?
    private var single: (Binding, Span?)?
    private var table: [String: (Binding, Span?)] = [:]

    init(parent: Scope?) { self.parent = parent }

    /// Every binding of this scope (not its parents).
    var names: [String: (Binding, Span?)] {
        var all = table
        if let name = singleName, let s = single { all[name] = s }
        return all
    }

    /// The binding of `name` in this scope itself (not its parents).
    func own(_ name: String) -> (Binding, Span?)? {
        if singleName == name { return single }
        return table.isEmpty ? nil : table[name]
    }

    /// Binds `name`; returns the span of an existing binding in this same scope instead, if any.
    @discardableResult
    func bind(_ name: String, _ b: Binding, at span: Span?) -> Span?? {
        if let old = own(name) { return .some(old.1) }
        if singleName == nil, table.isEmpty {
            singleName = name
            single = (b, span)
        } else {
            table[name] = (b, span)
        }
        return nil
    }

    /// The innermost binding of `name`.
    func lookup(_ name: String) -> Binding? {
        var s: Scope? = self
        while let cur = s {
            if let b = cur.own(name) { return b.0 }
            s = cur.parent
        }
        return nil
    }

    /// Where `name` is bound in an enclosing scope (not this one), if anywhere.
    func outerSpan(of name: String) -> Span?? {
        var s = parent
        while let cur = s {
            if let b = cur.own(name) { return .some(b.1) }
            s = cur.parent
        }
        return nil
    }

    /// Every name visible from here (for "did you mean"), except names of failed imports.
    var visibleNames: [String] {
        var out: [String] = []
        var s: Scope? = self
        while let cur = s {
            out += cur.names.compactMap { if case .value(.error, _) = $0.value.0 { nil } else { $0.key } }
            s = cur.parent
        }
        return out
    }
}
