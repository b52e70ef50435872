import KFLang

/// A declaration a name resolves to.
package struct Symbol: Sendable, Hashable {
    /// What was declared.
    package enum Kind: Sendable, Hashable {
        /// A block declaration (`zone site[i in 0..<n]`, `model mlp`).
        case block(BlockDecl)
        /// A `let` (top level or a component's parameter).
        case letDecl(LetDecl)
        /// A replication or comprehension variable.
        case variable
        /// A whole module (an import's target).
        case module
    }
    /// What was declared.
    package var kind: Kind
    /// The file it is in.
    package var file: FileID
    /// The span of its name (the start of the file for a module).
    package var span: Span
}

/// Resolves names the way the language scopes them, over the parsed files of one analysis:
/// index variables, a component's parameters, the file's top-level declarations, then its
/// imports (selected names, `as` aliases, a module bound by its last path component); a
/// qualified name walks into blocks (`lab.edge`) and modules (`models.mlp`).
package struct SymbolResolver: Sendable {
    let analysis: Analysis

    /// Creates a resolver over an analysis.
    package init(_ analysis: Analysis) { self.analysis = analysis }

    /// The declaration that part `part` of `occurrence` (written in `file`) names.
    package func resolve(_ occurrence: NameOccurrence, part: Int, in file: FileID) -> Symbol? {
        var current = first(occurrence, in: file)
        var k = 0
        while k < part, let c = current {
            k += 1
            current = member(occurrence.parts[k].name, of: c)
        }
        return current
    }

    /// The declaration a target stands for (a name, or a declaration's own name).
    package func symbol(for target: SyntaxTarget, in file: FileID) -> Symbol? {
        switch target {
        case .name(let occ, let part): return resolve(occ, part: part, in: file)
        case .block(let b, _): return Symbol(kind: .block(b), file: file, span: b.name?.span ?? b.kind.span)
        case .letName(let d, _): return Symbol(kind: .letDecl(d), file: file, span: d.name.span)
        case .field: return nil
        case .importModule(let d):
            return module(of: d, in: file).map { moduleSymbol($0) }
        case .importItem(let d, let item):
            guard let m = module(of: d, in: file) else { return nil }
            return topLevel(item.name.name, in: m)
        }
    }

    /// The symbol of a whole module file.
    func moduleSymbol(_ f: FileID) -> Symbol {
        Symbol(kind: .module, file: f, span: Span(file: f, start: 0, end: 0, line: 1, column: 1))
    }

    private func first(_ occ: NameOccurrence, in file: FileID) -> Symbol? {
        let name = occ.parts[0].name
        if let v = occ.locals.last(where: { $0.name == name }) {
            return Symbol(kind: .variable, file: file, span: v.span)
        }
        for b in occ.enclosing.reversed() {
            for case .letDecl(let d) in b.body.items where d.name.name == name {
                return Symbol(kind: .letDecl(d), file: file, span: d.name.span)
            }
        }
        if let s = topLevel(name, in: file) { return s }
        guard let tree = analysis.trees[file] else { return nil }
        for imp in tree.imports {
            if let items = imp.items {
                for it in items where (it.alias ?? it.name).name == name {
                    return module(of: imp, in: file).flatMap { topLevel(it.name.name, in: $0) }
                }
            } else if boundName(imp) == name {
                return module(of: imp, in: file).map { moduleSymbol($0) }
            }
        }
        return nil
    }

    /// The name a whole-module import binds: its alias, or the module's last path component.
    private func boundName(_ imp: ImportDecl) -> String? {
        if let a = imp.alias { return a.name }
        guard case .module(let parts) = imp.source else { return nil }
        return parts.last?.name
    }

    /// A top-level `let` or named block of `file`.
    package func topLevel(_ name: String, in file: FileID) -> Symbol? {
        guard let tree = analysis.trees[file] else { return nil }
        for item in tree.items {
            switch item {
            case .letDecl(let d) where d.name.name == name:
                return Symbol(kind: .letDecl(d), file: file, span: d.name.span)
            case .block(let b) where b.name?.name == name:
                return Symbol(kind: .block(b), file: file, span: b.name!.span)
            default: continue
            }
        }
        return nil
    }

    private func member(_ name: String, of s: Symbol) -> Symbol? {
        switch s.kind {
        case .block(let b):
            for nested in b.body.blocks where nested.name?.name == name {
                return Symbol(kind: .block(nested), file: s.file, span: nested.name!.span)
            }
            for case .letDecl(let d) in b.body.items where d.name.name == name {
                return Symbol(kind: .letDecl(d), file: s.file, span: d.name.span)
            }
            return nil
        case .module: return topLevel(name, in: s.file)
        case .letDecl, .variable: return nil
        }
    }

    /// The loaded file an import leads to, if it was loaded.
    package func module(of imp: ImportDecl, in file: FileID) -> FileID? {
        let path: String
        switch imp.source {
        case .module(let parts): path = "stdlib/" + parts.map(\.name).joined(separator: "/") + ".kf"
        case .file(let lit):
            guard let rel = lit.staticValue else { return nil }
            path = Self.join(Self.folder(analysis.sources[file].path), rel)
        }
        return analysis.sources.file(atPath: path)?.id
    }

    /// Every place in the project's files (the standard library excluded) that names `target`,
    /// in file and source order.
    package func references(to target: Symbol) -> [(FileID, Span)] {
        var out: [(FileID, Span)] = []
        for (file, tree) in analysis.trees.sorted(by: { $0.key < $1.key }) {
            if analysis.sources[file].path.hasPrefix("stdlib/") && target.file != file { continue }
            for occ in SyntaxWalker.names(in: tree) {
                for k in occ.parts.indices where occ.parts[k].name == target.span.text(in: analysis.sources) {
                    if resolve(occ, part: k, in: file) == target { out.append((file, occ.parts[k].span)) }
                }
            }
            for imp in tree.imports {
                for it in imp.items ?? [] where it.name.name == target.span.text(in: analysis.sources) {
                    if module(of: imp, in: file).flatMap({ topLevel(it.name.name, in: $0) }) == target {
                        out.append((file, it.name.span))
                    }
                }
            }
        }
        return out.sorted { ($0.0, $0.1.start) < ($1.0, $1.1.start) }
    }

    static func folder(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func join(_ base: String, _ rel: String) -> String {
        let whole = rel.hasPrefix("/") ? rel : (base.isEmpty ? rel : base + "/" + rel)
        var out: [Substring] = []
        for part in whole.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == "..", let last = out.last, last != ".." { out.removeLast(); continue }
            out.append(part)
        }
        return (whole.hasPrefix("/") ? "/" : "") + out.joined(separator: "/")
    }
}

extension Span {
    /// The text the span covers.
    func text(in sources: SourceManager) -> String { sources[file].text(start..<end) }
}
