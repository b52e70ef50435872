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
    private(set) var names: [String: (Binding, Span?)] = [:]

    init(parent: Scope?) { self.parent = parent }

    /// Binds `name`; returns the span of an existing binding in this same scope instead, if any.
    @discardableResult
    func bind(_ name: String, _ b: Binding, at span: Span?) -> Span?? {
        if let old = names[name] { return .some(old.1) }
        names[name] = (b, span)
        return nil
    }

    /// Replaces or adds a binding (overrides).
    func rebind(_ name: String, _ b: Binding, at span: Span?) { names[name] = (b, span) }

    /// The innermost binding of `name`.
    func lookup(_ name: String) -> Binding? {
        var s: Scope? = self
        while let cur = s {
            if let b = cur.names[name] { return b.0 }
            s = cur.parent
        }
        return nil
    }

    /// Where `name` is bound in an enclosing scope (not this one), if anywhere.
    func outerSpan(of name: String) -> Span?? {
        var s = parent
        while let cur = s {
            if let b = cur.names[name] { return .some(b.1) }
            s = cur.parent
        }
        return nil
    }

    /// Every name visible from here (for "did you mean").
    var visibleNames: [String] {
        var out: [String] = []
        var s: Scope? = self
        while let cur = s {
            out += cur.names.keys
            s = cur.parent
        }
        return out
    }
}
