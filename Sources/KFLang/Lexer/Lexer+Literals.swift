/// One piece of a string literal: literal text or an interpolation's inner byte range.
package enum StringPart: Sendable, Hashable {
    /// Raw text bytes (escapes not yet decoded).
    case text(Range<Int>)
    /// The expression bytes between `\(` and `)`; `terminated` is false when `)` is missing.
    case interpolation(Range<Int>, terminated: Bool)
}

extension Lexer {
    /// Units a number may carry; `m` is minutes for durations and milli for quantities.
    package static let units: Set<String> = [
        "ns", "us", "ms", "s", "m", "h", "d",
        "n", "u", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
    ]

    // MARK: - Numbers, addresses, quantities

    mutating func number() {
        let s = pos
        scanDigits()
        var kind = TokenKind.integer
        if peek(0) == 0x2E, isDigit(peek(1)) {
            pos += 1
            scanDigits()
            kind = .float
            if peek(0) == 0x2E, isDigit(peek(1)) { return address(from: s) }
        }
        if peek(0) | 0x20 == 0x65,
            isDigit(peek(1)) || ((peek(1) == 0x2B || peek(1) == 0x2D) && isDigit(peek(2)))
        {
            pos += 2
            scanDigits()
            kind = .float
        }
        let numberEnd = pos
        if pos < end, isIdentStart(bytes[pos]) {
            while pos < end, isIdentContinue(bytes[pos]) { pos += 1 }
            let unit = String(decoding: bytes[numberEnd..<pos], as: UTF8.self)
            if !Self.units.contains(unit) {
                report(
                    .unknownUnit(
                        span(numberEnd, pos), unit, number: String(decoding: bytes[s..<numberEnd], as: UTF8.self),
                        suggestions: Self.unitSuggestions(unit)))
            }
            kind = .quantity
        }
        let digits = bytes[s..<numberEnd]
        if digits.last == 0x5F || zip(digits, digits.dropFirst()).contains(where: { $0 == 0x5F && $1 == 0x5F }) {
            report(
                .invalidNumber(
                    span(s, numberEnd), String(decoding: digits, as: UTF8.self),
                    reason: "'_' separates digits: one at a time, never at the end"))
        }
        emit(kind, start: s, end: pos, line: line, column: s - lineStart + 1)
    }

    mutating func scanDigits() {
        while pos < end, isDigit(bytes[pos]) || bytes[pos] == 0x5F { pos += 1 }
    }

    /// Scans `a.b.c.d` or `a.b.c.d/p` (the first two groups are already consumed) and validates it.
    mutating func address(from s: Int) {
        var groups = 2
        while peek(0) == 0x2E, isDigit(peek(1)) {
            pos += 1
            scanDigits()
            groups += 1
        }
        var kind = TokenKind.ipv4
        var prefixStart = -1
        if peek(0) == 0x2F, isDigit(peek(1)) {
            pos += 1
            prefixStart = pos
            scanDigits()
            kind = .cidr
        }
        while pos < end, isIdentContinue(bytes[pos]) { pos += 1 }
        let text = String(decoding: bytes[s..<pos], as: UTF8.self)
        var reason: String?
        let body = prefixStart >= 0 ? String(decoding: bytes[s..<(prefixStart - 1)], as: UTF8.self) : text
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        if groups != 4 || parts.count != 4 {
            reason = "an IPv4 address has exactly four parts"
        } else if let bad = parts.first(where: { Int($0).map { $0 > 255 } ?? true }) {
            reason = "'\(bad)' is not a number from 0 to 255"
        } else if prefixStart >= 0 {
            let p = String(decoding: bytes[prefixStart..<pos], as: UTF8.self)
            if Int(p).map({ $0 > 32 }) ?? true { reason = "prefix length '\(p)' is not from 0 to 32" }
        }
        if let reason { report(.invalidAddress(span(s, pos), text, reason: reason)) }
        emit(kind, start: s, end: pos, line: line, column: s - lineStart + 1)
    }

    // MARK: - Strings

    mutating func string() {
        let s = pos
        let scan = Self.scanString(bytes, from: s, end: end)
        pos = scan.end
        // Validate the outermost literal's text; interpolations are validated when they are lexed.
        for part in scan.parts {
            guard case .text(let r) = part else { continue }
            validateText(r)
        }
        if !scan.terminated {
            let stop = span(pos, pos)
            if let open = scan.firstOpenInterpolation {
                report(.unterminatedInterpolation(span(open, open + 2), end: stop))
            } else {
                report(.unterminatedString(span(s, s + 1), end: stop))
            }
        }
        emit(.string, start: s, end: pos, line: line, column: s - lineStart + 1)
    }

    /// Reports bad escapes, control bytes and invalid UTF-8 inside string text.
    mutating func validateText(_ r: Range<Int>) {
        var i = r.lowerBound
        while i < r.upperBound {
            // Fast path over printable ASCII.
            i = bytes.withUnsafeBufferPointer { p in
                var k = i
                while k < r.upperBound, p[k] >= 0x20, p[k] < 0x7F, p[k] != 0x5C { k += 1 }
                return k
            }
            if i >= r.upperBound { break }
            let b = bytes[i]
            if b == 0x5C {
                let n = i + 1 < r.upperBound ? bytes[i + 1] : 0
                switch n {
                case 0x5C, 0x22, 0x6E, 0x72, 0x74, 0x30: i += 2
                case 0x75 where i + 2 < r.upperBound && bytes[i + 2] == 0x7B:
                    var j = i + 3
                    while j < r.upperBound, bytes[j] != 0x7D, j - i < 12 { j += 1 }
                    let hex = String(decoding: bytes[(i + 3)..<min(j, r.upperBound)], as: UTF8.self)
                    let ok =
                        j < r.upperBound && bytes[j] == 0x7D && !hex.isEmpty && hex.count <= 6
                        && UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) != nil
                    if !ok {
                        let e = min(j + 1, r.upperBound)
                        report(.invalidEscape(span(i, e), String(decoding: bytes[i..<e], as: UTF8.self)))
                    }
                    i = min(j + 1, r.upperBound)
                default:
                    let e = min(i + 2, r.upperBound)
                    report(.invalidEscape(span(i, e), String(decoding: bytes[i..<e], as: UTF8.self)))
                    i = e
                }
            } else if b >= 0x80 {
                if let n = utf8Length(at: i) {
                    i += n
                } else {
                    report(.invalidUTF8(span(i, i + 1), byte: b))
                    i += 1
                }
            } else if b < 0x20 && b != 0x09 || b == 0x7F {
                report(.unexpectedCharacter(span(i, i + 1), "U+\(String(b, radix: 16, uppercase: true).leftPadded(4))"))
                i += 1
            } else {
                i += 1
            }
        }
    }

    /// The result of scanning a string literal.
    package struct StringScan: Sendable {
        /// One past the last byte of the literal (the closing quote, or the end of the line).
        package var end: Int
        /// Whether the closing quote was found.
        package var terminated: Bool
        /// The outermost literal's pieces (nested literals inside interpolations are not split).
        package var parts: [StringPart]
        /// Offset of the outermost `\(` that is not closed, if any.
        package var firstOpenInterpolation: Int?
    }

    /// Scans a string literal starting at the opening quote at `start`, handling interpolations
    /// and nested literals with an explicit stack. Stops at the end of the line.
    package static func scanString(_ bytes: [UInt8], from start: Int, end: Int) -> StringScan {
        enum Frame {
            case string
            case interpolation(depth: Int, start: Int)
        }
        var stack: [Frame] = [.string]
        var parts: [StringPart] = []
        var i = start + 1
        var textStart = i
        while i < end, !stack.isEmpty {
            if stack.count == 1 {
                // Fast path over plain text: only quotes, backslashes and line ends matter.
                i = bytes.withUnsafeBufferPointer { p in
                    var k = i
                    while k < end {
                        let c = p[k]
                        if c == 0x22 || c == 0x5C || c == 0x0A || c == 0x0D { break }
                        k += 1
                    }
                    return k
                }
                if i >= end { break }
            }
            let b = bytes[i]
            if b == 0x0A || b == 0x0D && i + 1 < end && bytes[i + 1] == 0x0A { break }
            switch stack[stack.count - 1] {
            case .string:
                if b == 0x22 {
                    stack.removeLast()
                    if stack.isEmpty { parts.append(.text(textStart..<i)) }
                    i += 1
                } else if b == 0x5C, i + 1 < end, bytes[i + 1] == 0x28 {
                    if stack.count == 1 { parts.append(.text(textStart..<i)) }
                    stack.append(.interpolation(depth: 0, start: i))
                    i += 2
                } else if b == 0x5C, i + 1 < end, bytes[i + 1] != 0x0A {
                    i += 2
                } else {
                    i += 1
                }
            case .interpolation(let depth, let open):
                if b == 0x28 {
                    stack[stack.count - 1] = .interpolation(depth: depth + 1, start: open)
                } else if b == 0x29 {
                    if depth == 0 {
                        stack.removeLast()
                        if stack.count == 1 {
                            parts.append(.interpolation((open + 2)..<i, terminated: true))
                            textStart = i + 1
                        }
                    } else {
                        stack[stack.count - 1] = .interpolation(depth: depth - 1, start: open)
                    }
                } else if b == 0x22 {
                    stack.append(.string)
                }
                i += 1
            }
        }
        if stack.isEmpty { return StringScan(end: i, terminated: true, parts: parts, firstOpenInterpolation: nil) }
        var open: Int?
        if stack.count >= 2, case .interpolation(_, let o) = stack[1] {
            open = o
            parts.append(.interpolation((o + 2)..<i, terminated: false))
        } else {
            parts.append(.text(textStart..<i))
        }
        return StringScan(end: i, terminated: false, parts: parts, firstOpenInterpolation: open)
    }

    /// Decodes the escapes of a text piece; invalid escapes and bytes become U+FFFD.
    package static func decodeText(_ bytes: [UInt8], _ r: Range<Int>) -> String {
        if !bytes[r].contains(0x5C) { return String(decoding: bytes[r], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(r.count)
        var i = r.lowerBound
        while i < r.upperBound {
            let b = bytes[i]
            guard b == 0x5C, i + 1 < r.upperBound else {
                out.append(b)
                i += 1
                continue
            }
            let n = bytes[i + 1]
            i += 2
            switch n {
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x30: out.append(0)
            case 0x5C, 0x22: out.append(n)
            case 0x75:
                var j = i + 1
                while j < r.upperBound, bytes[j] != 0x7D { j += 1 }
                let hex = String(decoding: bytes[min(i + 1, j)..<j], as: UTF8.self)
                let scalar = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
                i = min(j + 1, r.upperBound)
            default: out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - jq literals and comments

    mutating func jq() {
        let s = pos
        let l = line
        let c = s - lineStart + 1
        let (sinceToken, sinceAny) = (newlinesSinceToken, newlinesSinceAny)
        pos += 1
        var reported = false
        while pos < end, bytes[pos] != 0x60 {
            let b = bytes[pos]
            if b == 0x0A { newline(at: pos) }
            if b >= 0x80, utf8Length(at: pos) == nil, !reported {
                report(.invalidUTF8(span(pos, pos + 1), byte: b))
                reported = true
            }
            pos += b >= 0x80 ? (utf8Length(at: pos) ?? 1) : 1
        }
        pos = min(pos, end)
        if pos >= end {
            report(.unterminatedJQ(Span(file: fileID, start: s, end: s + 1, line: l, column: c), end: span(end, end)))
        } else {
            pos += 1
        }
        // Line breaks inside the literal are not line breaks between tokens.
        (newlinesSinceToken, newlinesSinceAny) = (sinceToken, sinceAny)
        emit(.jq, start: s, end: pos, line: l, column: c)
    }

    mutating func lineComment() {
        let s = pos
        var e = s
        while e < end, bytes[e] != 0x0A { e += 1 }
        pos = e
        var textEnd = e
        while textEnd > s, bytes[textEnd - 1] == 0x20 || bytes[textEnd - 1] == 0x09 || bytes[textEnd - 1] == 0x0D {
            textEnd -= 1
        }
        checkUTF8(s..<textEnd, line: line, lineStart: lineStart)
        let isDoc = textEnd - s >= 3 && bytes[s + 2] == 0x2F && (textEnd - s == 3 || bytes[s + 3] != 0x2F)
        addComment(
            isDoc ? .doc : .line, s, textEnd, line: line, column: s - lineStart + 1,
            newlinesBefore: newlinesSinceAny)
    }

    mutating func blockComment() {
        let s = pos
        let l = line
        let c = s - lineStart + 1
        let newlinesBefore = newlinesSinceAny
        pos += 2
        var depth = 1
        while pos < end, depth > 0 {
            let b = bytes[pos]
            if b == 0x2A, peek(1) == 0x2F {
                depth -= 1
                pos += 2
                continue
            }
            if b == 0x2F, peek(1) == 0x2A {
                depth += 1
                pos += 2
                continue
            }
            if b == 0x0A { newline(at: pos) }
            pos += 1
        }
        if depth > 0 {
            report(
                .unterminatedBlockComment(
                    Span(file: fileID, start: s, end: s + 2, line: l, column: c),
                    end: span(end, end)))
        }
        checkUTF8(s..<pos, line: l, lineStart: s - c + 1)
        addComment(.block, s, pos, line: l, column: c, newlinesBefore: newlinesBefore)
    }

    /// Reports the first invalid UTF-8 byte in `r`, which starts on line `l` (whose first byte is `ls`).
    mutating func checkUTF8(_ r: Range<Int>, line l: Int, lineStart ls: Int) {
        var i = r.lowerBound
        var curLine = l
        var curStart = ls
        while i < r.upperBound {
            let b = bytes[i]
            if b == 0x0A {
                curLine += 1
                curStart = i + 1
            }
            if b < 0x80 {
                i += 1
                continue
            }
            guard let n = utf8Length(at: i) else {
                report(
                    .invalidUTF8(
                        Span(
                            file: fileID, start: i, end: i + 1, line: curLine,
                            column: i - curStart + 1), byte: b))
                return
            }
            i += n
        }
    }

    mutating func addComment(
        _ kind: Comment.Kind, _ s: Int, _ e: Int, line l: Int, column c: Int,
        newlinesBefore: Int
    ) {
        let text = String(decoding: bytes[s..<e], as: UTF8.self)
        comments.append(
            Comment(
                kind: kind, text: text, span: Span(file: fileID, start: s, end: e, line: l, column: c),
                newlineBefore: newlinesBefore > 0 || tokens.isEmpty && comments.isEmpty,
                blankLineBefore: newlinesBefore > 1))
        newlinesSinceAny = 0
    }
}

extension Lexer {
    /// Units a writer of `unit` may have meant, best first: byte units (`GB`, `GiB`) as the
    /// decimal and binary quantities, spelled-out durations (`sec`, `min`), else a unit that
    /// differs only in case.
    static func unitSuggestions(_ unit: String) -> [String] {
        let lower = unit.lowercased()
        let prefixes = ["k": "k", "m": "M", "g": "G", "t": "T", "p": "P", "e": "E"]
        if lower.count == 2, lower.hasSuffix("b"), let p = prefixes[String(lower.prefix(1))] {
            return [p, (p == "k" ? "K" : p) + "i"]  // GB → G or Gi
        }
        if lower.count == 3, lower.hasSuffix("ib"), let p = prefixes[String(lower.prefix(1))] {
            return [(p == "k" ? "K" : p) + "i"]  // GiB → Gi
        }
        let durations = [
            "sec": "s", "secs": "s", "second": "s", "seconds": "s", "min": "m", "mins": "m", "minute": "m",
            "minutes": "m", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "day": "d", "days": "d",
            "msec": "ms", "millis": "ms", "usec": "us", "nsec": "ns",
        ]
        if let d = durations[lower] { return [d] }
        return units.sorted().filter { $0.lowercased() == lower }.prefix(1).map { $0 }
    }
}
