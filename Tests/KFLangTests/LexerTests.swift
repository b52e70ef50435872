import Testing

@testable import KFLang

@Suite struct LexerTests {
    func lex(_ text: String) -> (LexedSource, [Diagnostic]) {
        var sm = SourceManager()
        let id = sm.add(path: "t.kf", text: text)
        let sink = DiagnosticSink()
        return (Lexer.tokenize(sm[id], sink: sink), sink.sorted())
    }

    func kinds(_ text: String) -> [TokenKind] { lex(text).0.tokens.map(\.kind).dropLast() }

    @Test func literalsAndUnits() {
        #expect(kinds("30s 250ms 5m 1h 500m 8Gi 512Mi 2k") == Array(repeating: .quantity, count: 8))
        #expect(kinds("10 1_000 0.7 1e-5 1.5E3") == [.integer, .integer, .float, .float, .float])
        #expect(kinds("10.0.0.1 10.18.0.0/16") == [.ipv4, .cidr])
        #expect(
            kinds("0..<n 1...65535 0...") == [
                .integer, .halfOpenRange, .identifier, .integer, .closedRange,
                .integer, .integer, .closedRange,
            ])
        #expect(
            kinds("0<..1 0<..<1 a<b") == [
                .integer, .openClosedRange, .integer, .integer, .openRange, .integer,
                .identifier, .less, .identifier,
            ])
        #expect(lex("30s 8Gi 10.0.0.1 10.18.0.0/16 1e-5").1.isEmpty)
    }

    @Test func keywordsAndPunctuation() {
        #expect(
            kinds("import let require rule waive because in as for true false none lets") == [
                .kwImport, .kwLet, .kwRequire, .kwRule, .kwWaive, .kwBecause, .kwIn, .kwAs, .kwFor, .kwTrue,
                .kwFalse, .kwNone, .identifier,
            ])
        #expect(
            kinds("( ) [ ] { } , : . = ? + - * / % ! == != < <= > >= && ||") == [
                .lParen, .rParen, .lBracket, .rBracket, .lBrace, .rBrace, .comma, .colon, .dot, .equal, .question,
                .plus, .minus, .star, .slash, .percent, .bang, .equalEqual, .bangEqual, .less, .lessEqual, .greater,
                .greaterEqual, .ampAmp, .pipePipe,
            ])
    }

    @Test func commentsAreKeptWithKinds() {
        let (lx, ds) = lex("/// doc\n// line\n//// not doc\n/* a /* nested */ b */ x")
        #expect(ds.isEmpty)
        #expect(lx.comments.map(\.kind) == [.doc, .line, .line, .block])
        #expect(lx.comments[3].text == "/* a /* nested */ b */")
        #expect(lx.tokens.map(\.kind) == [.identifier, .eof])
    }

    @Test func lineFlagsAndPositions() {
        let (lx, _) = lex("a b\n\n  c `x\ny` d")
        let t = lx.tokens
        #expect(t.map(\.newlineBefore) == [false, false, true, false, false, false])
        #expect(t[2].blankLineBefore)
        #expect((t[2].line, t[2].column) == (3, 3))
        // A jq literal spans lines; tokens after it are on its last line.
        #expect((t[4].line, t[4].column) == (4, 4))
        #expect(!t[4].newlineBefore)
    }

    @Test func interpolatedStringIsOneToken() {
        let (lx, ds) = lex(#""edge-\(i + f("x\(j)"))" next"#)
        #expect(ds.isEmpty)
        #expect(lx.tokens.map(\.kind) == [.string, .identifier, .eof])
    }

    @Test func escapesAreDecoded() {
        let bytes = Array(#""a\n\t\"\\\u{E9}""#.utf8)
        #expect(Lexer.decodeText(bytes, 1..<(bytes.count - 1)) == "a\n\t\"\\é")
    }

    @Test(arguments: [
        ("\"abc", "KF0004"), ("\"a\\(b", "KF0005"), ("/* x", "KF0006"), ("`.[]", "KF0007"),
        ("\"\\q\"", "KF0008"), ("1__0", "KF0009"), ("8GB", "KF0010"), ("10.0.0.256", "KF0011"),
        ("10.0.0/8", "KF0011"), ("10.0.0.0/33", "KF0011"), ("0..n", "KF0012"), ("a & b", "KF0012"),
        ("a @ b", "KF0003"), ("x\u{7F}y", "KF0003"),
    ])
    func lexicalErrors(_ input: String, _ code: String) {
        #expect(lex(input).1.map(\.code) == [code])
    }

    @Test func singleQuotedTextIsOneError() {
        let d = lex("let s = 'edge-1' + 'x").1
        #expect(d.map(\.code) == ["KF0003", "KF0003"])
        #expect(d.first?.fixIts.first?.replacement == "\"edge-1\"")
    }

    @Test func unknownUnitSuggestsCase() {
        let d = lex("8gi").1
        #expect(d.first?.fixIts.first?.replacement == "Gi")
    }

    @Test func invalidUTF8IsReportedWithLocation() {
        var sm = SourceManager()
        let id = sm.add(
            path: "t.kf", bytes: Array("let x = \"a".utf8) + [0xFF] + Array("\"\nlet y = 1 ".utf8) + [0xC3, 0x28])
        let sink = DiagnosticSink()
        _ = Lexer.tokenize(sm[id], sink: sink)
        let ds = sink.sorted()
        #expect(ds.map(\.code) == ["KF0002", "KF0002"])
        #expect(ds.map { [$0.primary!.span.line, $0.primary!.span.column] } == [[1, 11], [2, 11]])
    }

    @Test func runsOfBadBytesGiveOneDiagnostic() {
        var sm = SourceManager()
        let id = sm.add(path: "t.kf", bytes: [0x61, 0x20] + Array(repeating: 0xFF, count: 5000) + [0x20, 0x62])
        let sink = DiagnosticSink()
        let lx = Lexer.tokenize(sm[id], sink: sink)
        #expect(sink.diagnostics.count == 1)
        #expect(lx.tokens.map(\.kind) == [.identifier, .unknown, .identifier, .eof])
    }

    @Test func tenMegabyteLineIsLexed() {
        let big = "let x = \"" + String(repeating: "a", count: 10_000_000)
        let (lx, ds) = lex(big)
        #expect(ds.map(\.code) == ["KF0004"])
        #expect(lx.tokens.last?.kind == .eof)
    }
}
