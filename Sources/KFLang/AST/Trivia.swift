/// The comments that belong to a node, kept so that the formatter can print them back.
///
/// `leading` are the comments on the lines before the node (a `///` run among them is its
/// documentation); `trailing` are comments after the node on its last line.
package struct Trivia: Sendable, Hashable {
    /// Comments before the node, in order.
    package var leading: [Comment]
    /// Comments after the node on the same line.
    package var trailing: [Comment]
    /// Whether an empty line separates the node itself from what precedes it (its leading
    /// comments, if any; each comment records its own `blankLineBefore`).
    package var nodeBlankLineBefore: Bool

    /// Creates trivia.
    package init(leading: [Comment] = [], trailing: [Comment] = [], nodeBlankLineBefore: Bool = false) {
        self.leading = leading
        self.trailing = trailing
        self.nodeBlankLineBefore = nodeBlankLineBefore
    }

    /// Whether an empty line precedes the node or its first leading comment.
    package var blankLineBefore: Bool { leading.first?.blankLineBefore ?? nodeBlankLineBefore }

    /// Whether there are any comments.
    package var isEmpty: Bool { leading.isEmpty && trailing.isEmpty }

    /// No comments.
    package static let none = Trivia()

    /// The text of the `///` comments right before the node (no blank line or other comment in
    /// between), with the `///` and one following space removed, joined by newlines; nil if none.
    package var docComment: String? {
        var lines: [String] = []
        if nodeBlankLineBefore { return nil }
        for c in leading.reversed() {
            guard c.kind == .doc else { break }
            var t = Substring(c.text.dropFirst(3))
            if t.first == " " { t = t.dropFirst() }
            lines.append(String(t))
            if c.blankLineBefore { break }
        }
        return lines.isEmpty ? nil : lines.reversed().joined(separator: "\n")
    }
}

/// A name as written, with its span.
package struct Identifier: Sendable, Hashable {
    /// The name.
    package var name: String
    /// Where it is written.
    package var span: Span

    /// Creates an identifier.
    package init(name: String, span: Span) {
        self.name = name
        self.span = span
    }
}
