/// Parses `.kf` source into a `SourceFileSyntax`, reporting syntax errors to a sink.
///
/// The parser is hand-written recursive descent with error recovery: it reports every
/// independent syntax error (at most one per construct), synchronises at line breaks, `}`
/// and declaration starts, and bounds nesting so no input can exhaust the stack.
package enum Parser {
    /// The deepest nesting of brackets and operators accepted before KF0019.
    package static let maxDepth = 64

    /// Parses a whole file; never traps, whatever the bytes.
    package static func parse(_ file: SourceFile, sink: DiagnosticSink) -> SourceFileSyntax {
        let errorsBefore = sink.errorCount
        let whole = Span(file: file.id, start: 0, end: file.bytes.count, line: 1, column: 1)
        // Text never holds NUL or C0 control bytes other than tab, line breaks, form feed and escape.
        if let bad = file.bytes.prefix(8192).firstIndex(where: {
            $0 < 0x20 && !(0x09...0x0D).contains($0) && $0 != 0x1B
        }) {
            let loc = file.location(of: bad)
            sink.report(
                .binaryFile(
                    Span(file: file.id, start: bad, end: bad + 1, line: loc.line, column: loc.column),
                    byte: file.bytes[bad]))
            return SourceFileSyntax(file: file.id, items: [], endComments: [], span: whole, hasErrors: true)
        }
        let lexed = Lexer.tokenize(file, sink: sink)
        var p = TokenParser(file: file, tokens: lexed.tokens, comments: lexed.comments, sink: sink, depth: 0)
        if let last = lexed.comments.last, last.kind == .block, !last.text.hasSuffix("*/") || last.text.count < 4 {
            p.eofReported = true
        }
        if let t = lexed.tokens.dropLast().last, t.kind == .jq,
            t.end - t.start < 2 || file.bytes[t.end - 1] != 0x60
        {
            p.eofReported = true
        }
        let (items, endComments) = p.parseItems(topLevel: true, opener: nil)
        return SourceFileSyntax(
            file: file.id, items: items, endComments: endComments, span: whole,
            hasErrors: sink.errorCount > errorsBefore)
    }

    /// Parses one expression from a string (tests and tools); reports trailing input as an error.
    package static func parseExpression(_ file: SourceFile, sink: DiagnosticSink) -> Expr {
        let lexed = Lexer.tokenize(file, sink: sink)
        var p = TokenParser(file: file, tokens: lexed.tokens, comments: lexed.comments, sink: sink, depth: 0)
        let e = p.parseExpr("here")
        if p.tok.kind != .eof {
            p.report(.expectedToken(p.tok.span(file.id), expected: "end of input", found: p.describe(p.tok)))
        }
        return e
    }
}
