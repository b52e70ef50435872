/// The tokens and comments of one source range.
package struct LexedSource: Sendable {
    /// The tokens, ending with exactly one `.eof`.
    package var tokens: [Token]
    /// Every comment, in source order.
    package var comments: [Comment]
}

/// Turns source bytes into tokens and comments by scanning bytes; never traps on any input.
///
/// Lexical errors are reported to the sink and leave an `.unknown` token (or a usable literal)
/// behind, so the parser can stay quiet about them. Runs of bad bytes give one diagnostic.
package struct Lexer {
    let bytes: [UInt8]
    let fileID: FileID
    var pos: Int
    let end: Int
    var line: Int
    var lineStart: Int
    let sink: DiagnosticSink
    var tokens: [Token] = []
    var comments: [Comment] = []
    /// Line breaks since the previous token (comments included).
    var newlinesSinceToken = 0
    /// Line breaks since the previous token or comment.
    var newlinesSinceAny = 0
    /// Lexical errors reported so far; past `maxReports` the rest are dropped (binary input).
    var reports = 0
    static let maxReports = 100

    mutating func report(_ d: Diagnostic) {
        reports += 1
        if reports <= Self.maxReports { sink.report(d) }
    }

    /// Lexes a whole file.
    package static func tokenize(_ file: SourceFile, sink: DiagnosticSink) -> LexedSource {
        var lx = Lexer(
            bytes: file.bytes, fileID: file.id, pos: 0, end: file.bytes.count, line: 1, lineStart: 0,
            sink: sink)
        lx.tokens.reserveCapacity(file.bytes.count / 5 + 16)
        // A UTF-8 byte-order mark is allowed at the start and ignored.
        if file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { lx.pos = 3 }
        lx.run()
        return LexedSource(tokens: lx.tokens, comments: lx.comments)
    }

    /// Lexes a byte range on one line of a file (the inside of a string interpolation).
    package static func tokenize(_ file: SourceFile, range: Range<Int>, sink: DiagnosticSink) -> LexedSource {
        let l = file.line(of: range.lowerBound)
        var lx = Lexer(
            bytes: file.bytes, fileID: file.id, pos: range.lowerBound, end: range.upperBound, line: l,
            lineStart: file.lineStarts[l - 1], sink: sink)
        lx.run()
        return LexedSource(tokens: lx.tokens, comments: lx.comments)
    }

    // MARK: - Main loop

    mutating func run() {
        while pos < end {
            let b = bytes[pos]
            switch b {
            case 0x20, 0x09, 0x0D: pos += 1
            case 0x0A:
                newline(at: pos)
                pos += 1
            case 0x2F:  // '/'
                let n = peek(1)
                if n == 0x2F { lineComment() } else if n == 0x2A { blockComment() } else { single(.slash) }
            case _ where isIdentStart(b): identifier()
            case _ where isDigit(b): number()
            case 0x22: string()
            case 0x60: jq()
            case 0x28: single(.lParen)
            case 0x29: single(.rParen)
            case 0x5B: single(.lBracket)
            case 0x5D: single(.rBracket)
            case 0x7B: single(.lBrace)
            case 0x7D: single(.rBrace)
            case 0x2C: single(.comma)
            case 0x3A: single(.colon)
            case 0x3F: single(.question)
            case 0x2B: single(.plus)
            case 0x2D: single(.minus)
            case 0x2A: single(.star)
            case 0x25: single(.percent)
            case 0x2E:  // '.'
                if peek(1) == 0x2E {
                    if peek(2) == 0x3C {
                        emit(.halfOpenRange, start: pos, length: 3)
                    } else if peek(2) == 0x2E {
                        emit(.closedRange, start: pos, length: 3)
                    } else {
                        badOperator(length: 2, suggestion: "..<")
                    }
                } else {
                    single(.dot)
                }
            case 0x3D: pair(0x3D, .equalEqual, else: .equal)
            case 0x21: pair(0x3D, .bangEqual, else: .bang)
            case 0x3C:
                if peek(1) == 0x2E, peek(2) == 0x2E {
                    if peek(3) == 0x3C {
                        emit(.openRange, start: pos, length: 4)
                    } else {
                        emit(.openClosedRange, start: pos, length: 3)
                    }
                } else {
                    pair(0x3D, .lessEqual, else: .less)
                }
            case 0x3E: pair(0x3D, .greaterEqual, else: .greater)
            case 0x26:
                if peek(1) == 0x26 {
                    emit(.ampAmp, start: pos, length: 2)
                } else {
                    badOperator(length: 1, suggestion: "&&")
                }
            case 0x7C:
                if peek(1) == 0x7C {
                    emit(.pipePipe, start: pos, length: 2)
                } else {
                    badOperator(length: 1, suggestion: "||")
                }
            case 0x27: singleQuoted()
            default: badRun()
            }
        }
        emit(.eof, start: end, length: 0)
    }

    // MARK: - Helpers

    @inline(__always) func peek(_ k: Int) -> UInt8 { pos + k < end ? bytes[pos + k] : 0 }
    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) func isIdentStart(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 || b == 0x5F }
    @inline(__always) func isIdentContinue(_ b: UInt8) -> Bool { isIdentStart(b) || isDigit(b) }

    mutating func newline(at i: Int) {
        line += 1
        lineStart = i + 1
        newlinesSinceToken += 1
        newlinesSinceAny += 1
    }

    func span(_ start: Int, _ endOffset: Int) -> Span {
        // Callers pass starts on the current line, except multi-line tokens which use `span(start:line:col:)`.
        Span(file: fileID, start: start, end: endOffset, line: line, column: start - lineStart + 1)
    }

    mutating func emit(_ kind: TokenKind, start: Int, length: Int) {
        pos = start + length
        emit(kind, start: start, end: pos, line: line, column: start - lineStart + 1)
    }

    mutating func emit(_ kind: TokenKind, start: Int, end tokenEnd: Int, line l: Int, column c: Int) {
        tokens.append(
            Token(
                kind: kind, start: start, end: tokenEnd, line: l, column: c,
                newlineBefore: newlinesSinceToken > 0, blankLineBefore: newlinesSinceAny > 1))
        newlinesSinceToken = 0
        newlinesSinceAny = 0
    }

    mutating func single(_ kind: TokenKind) { emit(kind, start: pos, length: 1) }

    mutating func pair(_ second: UInt8, _ two: TokenKind, else one: TokenKind) {
        if peek(1) == second { emit(two, start: pos, length: 2) } else { emit(one, start: pos, length: 1) }
    }

    mutating func badOperator(length: Int, suggestion: String) {
        let s = pos
        let text = String(decoding: bytes[s..<(s + length)], as: UTF8.self)
        report(.unknownOperator(span(s, s + length), text, suggestion: suggestion))
        emit(.unknown, start: s, length: length)
    }

    /// The length of the valid UTF-8 sequence at `i`, or nil if the bytes there are not valid UTF-8.
    func utf8Length(at i: Int) -> Int? {
        let b0 = bytes[i]
        if b0 < 0x80 { return 1 }
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < end && bytes[i + k] >= lo && bytes[i + k] <= hi
        }
        switch b0 {
        case 0xC2...0xDF: return cont(1) ? 2 : nil
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : nil
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : nil
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : nil
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : nil
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : nil
        default: return nil
        }
    }

    /// Whether byte `b` can start a token or is whitespace (so a run of bad input stops before it).
    func startsSomething(_ b: UInt8) -> Bool {
        if b >= 0x80 || b < 0x20 { return b == 0x09 || b == 0x0A || b == 0x0D }
        switch b {
        case 0x23, 0x24, 0x27, 0x3B, 0x40, 0x5C, 0x5E, 0x7E, 0x7F: return false  // # $ ' ; @ \ ^ ~ DEL
        default: return true
        }
    }

    /// Consumes a run of bytes that start no token and reports it once.
    mutating func badRun() {
        let s = pos
        let first = bytes[s]
        let firstLength = utf8Length(at: s)
        let diag: Diagnostic
        if let n = firstLength {
            let text = String(decoding: bytes[s..<(s + n)], as: UTF8.self)
            let scalar = text.unicodeScalars.first.map(\.value) ?? UInt32(first)
            let desc =
                scalar < 0x20 || scalar == 0x7F
                ? "U+\(String(scalar, radix: 16, uppercase: true).leftPadded(4))"
                : "'\(text)'"
            diag = .unexpectedCharacter(span(s, s + n), desc)
        } else {
            diag = .invalidUTF8(span(s, s + 1), byte: first)
        }
        pos += firstLength ?? 1
        while pos < end, !startsSomething(bytes[pos]) { pos += utf8Length(at: pos) ?? 1 }
        pos = min(pos, end)
        var d = diag
        if var p = d.primary {
            p.span.end = pos
            d.primary = p
        }
        if !d.fixIts.isEmpty { d.fixIts[0].span.end = pos }
        report(d)
        emit(.unknown, start: s, end: pos, line: line, column: s - lineStart + 1)
    }

    /// `'text'`: reported once as a string in the wrong quotes, and skipped as one token.
    mutating func singleQuoted() {
        let s = pos
        var e = s + 1
        while e < end, bytes[e] != 0x27, bytes[e] != 0x0A, bytes[e] != 0x22 { e += 1 }
        guard e < end, bytes[e] == 0x27 else { return badRun() }
        let inner = String(decoding: bytes[(s + 1)..<e], as: UTF8.self)
        report(.unexpectedCharacter(span(s, e + 1), "\"'\"", quoted: inner))
        emit(.unknown, start: s, end: e + 1, line: line, column: s - lineStart + 1)
        pos = e + 1
    }

    // MARK: - Words

    mutating func identifier() {
        let s = pos
        pos += 1
        while pos < end, isIdentContinue(bytes[pos]) { pos += 1 }
        emit(keyword(s, pos) ?? .identifier, start: s, end: pos, line: line, column: s - lineStart + 1)
    }

    func keyword(_ s: Int, _ e: Int) -> TokenKind? {
        let n = e - s
        guard n >= 2, n <= 7 else { return nil }
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == n else { return false }
            return word.withUTF8Buffer { buf in
                for k in 0..<n where buf[k] != bytes[s + k] { return false }
                return true
            }
        }
        switch bytes[s] {
        case 0x69: return matches("import") ? .kwImport : matches("in") ? .kwIn : matches("if") ? .kwIf : nil
        case 0x65: return matches("else") ? .kwElse : nil
        case 0x6C: return matches("let") ? .kwLet : nil
        case 0x72: return matches("require") ? .kwRequire : matches("rule") ? .kwRule : nil
        case 0x77: return matches("waive") ? .kwWaive : nil
        case 0x62: return matches("because") ? .kwBecause : nil
        case 0x61: return matches("as") ? .kwAs : nil
        case 0x66: return matches("for") ? .kwFor : matches("false") ? .kwFalse : nil
        case 0x74: return matches("true") ? .kwTrue : nil
        case 0x6E: return matches("none") ? .kwNone : nil
        default: return nil
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
