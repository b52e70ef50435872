/// The root of a parsed `.kf` file: its top-level declarations in source order.
///
/// Walk `items` for everything; `imports` and `declarations` are filtered views. A file with
/// syntax errors still yields a tree: failed pieces are `.missing` nodes that later stages skip.
package struct SourceFileSyntax: Sendable, Hashable {
    /// The file this tree was parsed from.
    package var file: FileID
    /// Top-level items in source order (imports, lets, block declarations, policy statements).
    package var items: [Decl]
    /// Comments after the last item.
    package var endComments: [Comment]
    /// The whole file.
    package var span: Span
    /// Whether the lexer or parser reported an error for this file.
    package var hasErrors: Bool

    /// Creates a tree.
    package init(file: FileID, items: [Decl], endComments: [Comment], span: Span, hasErrors: Bool) {
        self.file = file
        self.items = items
        self.endComments = endComments
        self.span = span
        self.hasErrors = hasErrors
    }

    /// The file's imports, in order.
    package var imports: [ImportDecl] {
        items.compactMap { if case .importDecl(let d) = $0 { d } else { nil } }
    }

    /// The file's block declarations (`cluster`, `network`, `federation`, `policy`, ...), in order.
    package var blocks: [BlockDecl] {
        items.compactMap { if case .block(let d) = $0 { d } else { nil } }
    }

    /// The file's top-level `let` bindings, in order.
    package var lets: [LetDecl] {
        items.compactMap { if case .letDecl(let d) = $0 { d } else { nil } }
    }
}
