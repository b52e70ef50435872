import KFLang

/// The outline: imports, `let`s and block declarations with their nested declarations and fields.
package enum DocumentSymbols {
    /// The outline of `tree`.
    package static func symbols(of tree: SourceFileSyntax, mapper: LocationMapper) -> [LSP.DocumentSymbol] {
        tree.items.compactMap { symbol($0, mapper: mapper) }
    }

    private static func symbol(_ item: Decl, mapper: LocationMapper) -> LSP.DocumentSymbol? {
        switch item {
        case .importDecl(let d):
            let name =
                switch d.source {
                case .module(let parts): parts.map(\.name).joined(separator: "/")
                case .file(let lit): lit.staticValue ?? "import"
                }
            return LSP.DocumentSymbol(
                name: name, detail: "import", kind: 2, range: mapper.range(of: d.span),
                selectionRange: mapper.range(of: d.span), children: nil)
        case .letDecl(let d):
            return LSP.DocumentSymbol(
                name: d.name.name, detail: "let", kind: 13, range: mapper.range(of: d.span),
                selectionRange: mapper.range(of: d.name.span), children: nil)
        case .block(let b):
            let nameSpan = b.name?.span ?? b.kind.span
            var name = b.name?.name ?? b.kind.name
            if let r = b.replication { name += "[\(r.variable.name)]" }
            let children = b.body.items.compactMap { symbol($0, mapper: mapper) }
            return LSP.DocumentSymbol(
                name: name, detail: b.kind.name, kind: b.kind.name == "policy" ? 2 : 5,
                range: mapper.range(of: b.span), selectionRange: mapper.range(of: nameSpan),
                children: children.isEmpty ? nil : children)
        case .field(let f):
            return LSP.DocumentSymbol(
                name: f.name.name, detail: nil, kind: 8, range: mapper.range(of: f.span),
                selectionRange: mapper.range(of: f.name.span), children: nil)
        case .require, .rule, .waive, .missing:
            return nil
        }
    }
}
