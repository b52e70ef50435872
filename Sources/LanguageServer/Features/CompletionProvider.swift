import Compiler
import KFLang

/// Answers completion from the text before the cursor, so it works while the line is
/// half-typed and does not parse: inside a declaration's body, the fields of its kind's schema
/// not yet written and the kinds that may nest there; inside a field's record (`train: { … }`),
/// the record type's fields; after `import`, the standard library modules, and inside an
/// import's braces the names the module declares; after `name.`, the declarations inside
/// `name`; after a number, the units; in a value, the names in scope.
package enum CompletionProvider {
    /// Completion kinds of LSP.
    enum Kind {
        static let field = 5, variable = 6, module = 9, value = 12, keyword = 14, structure = 22, unit = 11
    }

    /// The completions at byte `offset` of `bytes` (the document's current text).
    package static func complete(
        at offset: Int, bytes: [UInt8], analysis: Analysis?, stdlibModules: [String]
    ) -> [LSP.CompletionItem] {
        let before = String(decoding: bytes[..<min(offset, bytes.count)], as: UTF8.self)
        let line = before.split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        let word = String(line.reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }).reversed())
        let beforeWord = line.dropLast(word.count)

        // After a number (`8`, `0.5`, `8G`): units.
        let token = line.reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
        if let first = token.last, first.isNumber {
            return Lexer.units.sorted().map { LSP.CompletionItem(label: $0, kind: Kind.unit, detail: "unit") }
        }
        // Imports.
        if trimmed.hasPrefix("import ") {
            let rest = trimmed.dropFirst("import ".count)
            if let brace = rest.firstIndex(of: "{") {
                return moduleNames(rest[..<brace].trimmingCharacters(in: .whitespaces), analysis: analysis)
            }
            return stdlibModules.map { LSP.CompletionItem(label: $0, kind: Kind.module, detail: "standard library") }
        }
        // After `name.`: the declarations inside it.
        if beforeWord.last == "." {
            let base = String(
                beforeWord.dropLast().reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." })
                    .reversed())
            return members(of: base, analysis: analysis)
        }
        let context = BraceContext.scan(Array(before.utf8))
        // In a value: names in scope.
        let item =
            beforeWord.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "{" }).last ?? ""
        if item.contains(":") || item.contains("=") {
            return namesInScope(analysis: analysis)
        }
        // At the start of an item: fields and nested kinds.
        guard item.allSatisfy({ $0 == " " || $0 == "\t" }) else { return [] }
        return itemCompletions(context, bytes: bytes, offset: offset)
    }

    private static func itemCompletions(_ context: [BraceContext.Frame], bytes: [UInt8], offset: Int) -> [LSP
        .CompletionItem]
    {
        guard let innermost = context.last else {
            return (SchemaCatalog.kinds(nestedIn: nil) + ["let", "import", "require", "rule", "waive"]).map {
                LSP.CompletionItem(label: $0, kind: Kind.keyword, detail: "declaration")
            }
        }
        var fields: [SchemaCatalog.Field]?
        var nested: [String] = []
        switch innermost {
        case .block(let kind):
            fields = SchemaCatalog.fields(ofKind: kind)
            nested = SchemaCatalog.kinds(nestedIn: kind)
            if kind == "policy" { nested += ["require", "rule", "waive"] }
        case .record(let fieldName):
            // The record's type comes from the field in the frame around it.
            var outer = SchemaCatalog.fields(
                ofKind: context.dropLast().reversed().lazy.compactMap {
                    if case .block(let k) = $0 { k } else { nil }
                }.first ?? "")
            var path: [String] = []
            for f in context.reversed() {
                guard case .record(let n) = f else { break }
                path.insert(n, at: 0)
            }
            for name in path {
                guard let record = outer?.first(where: { $0.name == name })?.recordType else { outer = nil; break }
                outer = SchemaCatalog.fields(ofRecord: record)
            }
            _ = fieldName
            fields = outer
        }
        let written = Set(BraceContext.writtenFields(bytes, around: offset))
        var items = (fields ?? []).filter { !written.contains($0.name) }.map {
            LSP.CompletionItem(
                label: $0.name, kind: Kind.field, detail: $0.type + ($0.required ? "" : " (optional)"),
                insertText: $0.name + ": ")
        }
        items += nested.map { LSP.CompletionItem(label: $0, kind: Kind.keyword, detail: "declaration") }
        return items
    }

    private static func moduleNames(_ path: String, analysis: Analysis?) -> [LSP.CompletionItem] {
        guard let analysis, let file = analysis.sources.file(atPath: "stdlib/\(path).kf"),
            let tree = analysis.trees[file.id]
        else { return [] }
        return declarations(in: tree)
    }

    private static func declarations(in tree: SourceFileSyntax) -> [LSP.CompletionItem] {
        tree.items.compactMap { item -> LSP.CompletionItem? in
            switch item {
            case .letDecl(let d): LSP.CompletionItem(label: d.name.name, kind: Kind.variable, detail: "let")
            case .block(let b):
                b.name.map { LSP.CompletionItem(label: $0.name, kind: Kind.structure, detail: b.kind.name) }
            default: nil
            }
        }
    }

    private static func members(of base: String, analysis: Analysis?) -> [LSP.CompletionItem] {
        guard let analysis, let root = analysis.root, !base.isEmpty else { return [] }
        let parts = base.split(separator: ".").map {
            Identifier(name: String($0), span: Span(file: root, start: 0, end: 0, line: 1, column: 1))
        }
        let resolver = SymbolResolver(analysis)
        let occ = NameOccurrence(parts: parts, enclosing: [], locals: [])
        guard let s = resolver.resolve(occ, part: parts.count - 1, in: root) else { return [] }
        switch s.kind {
        case .block(let b):
            return b.body.blocks.compactMap { n in
                n.name.map { LSP.CompletionItem(label: $0.name, kind: Kind.structure, detail: n.kind.name) }
            }
        case .module:
            return analysis.trees[s.file].map(declarations) ?? []
        default: return []
        }
    }

    private static func namesInScope(analysis: Analysis?) -> [LSP.CompletionItem] {
        var items = ["true", "false", "none", "auto"].map { LSP.CompletionItem(label: $0, kind: Kind.value) }
        guard let analysis, let root = analysis.root, let tree = analysis.trees[root] else { return items }
        items += declarations(in: tree)
        let resolver = SymbolResolver(analysis)
        for imp in tree.imports {
            for it in imp.items ?? [] {
                let detail = resolver.module(of: imp, in: root).map { analysis.sources[$0].path } ?? "import"
                items.append(LSP.CompletionItem(label: (it.alias ?? it.name).name, kind: Kind.variable, detail: detail))
            }
        }
        return items
    }
}

extension LSP.CompletionItem {
    init(label: String, kind: Int, detail: String? = nil) {
        self.init(label: label, kind: kind, detail: detail, insertText: nil)
    }
}
