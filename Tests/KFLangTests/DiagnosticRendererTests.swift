import Testing

@testable import KFLang

@Suite struct DiagnosticRendererTests {
    private func span(_ f: SourceFile, _ text: String, occurrence: Int = 0) -> Span {
        let hay = Array(f.bytes)
        let needle = Array(text.utf8)
        var found = -1
        var seen = 0
        for i in 0...(hay.count - needle.count) where Array(hay[i..<(i + needle.count)]) == needle {
            if seen == occurrence { found = i; break }
            seen += 1
        }
        let loc = f.location(of: found)
        return Span(file: f.id, start: found, end: found + needle.count, line: loc.line, column: loc.column)
    }

    /// A span whose line disagrees with its offset (a producer that counted lone CRs as line
    /// breaks) is shown at the line of its offset, never at a line the file does not have.
    @Test func aSpanIsShownAtTheLineOfItsOffset() {
        var sm = SourceManager()
        let id = sm.add(path: "pod.yaml", text: "kind: Pod\r\r\r\rmetadata:\n  name: app\n")
        let f = sm[id]
        var s = span(f, "name")
        s.line = 6
        let d = Diagnostic(code: "KF3001", message: "m", primary: DiagnosticLabel(s, "here"))
        let text = DiagnosticRenderer(sources: sm).render(d)
        #expect(text.contains("--> pod.yaml:2:3"))
        #expect(text.contains("2 |   name: app"))
        #expect(!text.contains("6 |"))
    }

    @Test func rendersGutterCaretsAndNotes() {
        var sm = SourceManager()
        let id = sm.add(
            path: "jobs/train.kf",
            text: """
                type Worker {
                  replica: 1
                }
                let w = Worker {
                    replicas: 3
                }
                """)
        let f = sm[id]
        let d = Diagnostic(
            code: "KF1003", message: "unknown field 'replicas' on 'Worker'",
            primary: DiagnosticLabel(span(f, "replicas"), "not a field of 'Worker'"),
            secondary: [DiagnosticLabel(span(f, "Worker"), "'Worker' declared here")],
            helps: ["did you mean 'replica'?"])
        let text = DiagnosticRenderer(sources: sm).render(d)
        #expect(
            text == """
                error[KF1003]: unknown field 'replicas' on 'Worker'
                 --> jobs/train.kf:5:5
                  |
                1 | type Worker {
                  |      ------ 'Worker' declared here
                ...
                5 |     replicas: 3
                  |     ^^^^^^^^ not a field of 'Worker'
                  = help: did you mean 'replica'?
                """)
    }

    @Test func colourOnlyWhenAsked() {
        var sm = SourceManager()
        let id = sm.add(path: "a.kf", text: "let x = 1\n")
        let d = Diagnostic(
            code: "KF0001", severity: .warning, message: "m",
            primary: DiagnosticLabel(span(sm[id], "x")))
        #expect(!DiagnosticRenderer(sources: sm).render(d).contains("\u{1B}"))
        #expect(DiagnosticRenderer(sources: sm, color: true).render(d).contains("\u{1B}[1;33m"))
    }

    @Test func longLinesAreWindowed() {
        var sm = SourceManager()
        let long = String(repeating: "a", count: 100_000) + " bad " + String(repeating: "b", count: 100_000)
        let id = sm.add(path: "big.kf", text: long)
        let d = Diagnostic(code: "KF0002", message: "m", primary: DiagnosticLabel(span(sm[id], "bad"), "here"))
        let text = DiagnosticRenderer(sources: sm).render(d)
        #expect(text.utf8.count < 1_000)
        let lines = text.split(separator: "\n")
        let src = lines[3], carets = lines[4]
        let caretCol = carets.distance(from: carets.startIndex, to: carets.firstIndex(of: "^")!)
        let badCol = src.distance(from: src.startIndex, to: src.range(of: "bad")!.lowerBound)
        #expect(caretCol == badCol)
    }

    @Test func sortsAndDeduplicates() {
        var sm = SourceManager()
        let id = sm.add(path: "a.kf", text: "abc\ndef\n")
        let s1 = Span(file: id, start: 4, end: 5, line: 2, column: 1)
        let s0 = Span(file: id, start: 0, end: 1, line: 1, column: 1)
        let a = Diagnostic(code: "KF0002", message: "a", primary: DiagnosticLabel(s1))
        let b = Diagnostic(code: "KF0001", message: "b", primary: DiagnosticLabel(s0))
        #expect(DiagnosticSink.sorted([a, b, a]).map(\.message) == ["b", "a"])
    }

    @Test func jsonHasVersionAndLocations() {
        var sm = SourceManager()
        let id = sm.add(path: "a.kf", text: "abc\ndef\n")
        let d = Diagnostic(
            code: "KF0002", message: "a",
            primary: DiagnosticLabel(Span(file: id, start: 4, end: 7, line: 2, column: 1), "x"))
        let json = DiagnosticJSON([d], sources: sm).encoded()
        #expect(json.contains(#""version" : 1"#))
        #expect(json.contains(#""endColumn" : 4"#))
        #expect(json.contains(#""file" : "a.kf""#))
    }

    @Test func textFromTheInputCannotDriveTheTerminal() {
        var sm = SourceManager()
        // A raw ESC, a C1 CSI and a bidi override in the snippet; ESC, CR and a newline in the
        // message, the label, a note and a help.
        let id = sm.add(path: "evil\u{1B}[2J.kf", text: "let x = y // \u{1B}[31mred \u{9B}31m \u{202E}gnp\n")
        let f = sm[id]
        let d = Diagnostic(
            code: "KF1001", message: "cannot find '\u{1B}]0;pwned\u{07}' in scope\rerror: fake",
            primary: DiagnosticLabel(span(f, "y"), "not \u{1B}[8mhidden\nnext"),
            notes: ["reason: \u{1B}[2Kgone"], helps: ["\r\u{0}"])
        let out = DiagnosticRenderer(sources: sm, color: false).render(d)
        #expect(!out.unicodeScalars.contains { TerminalText.isControl($0) && $0 != "\n" }, "\(out.debugDescription)")
        #expect(out.hasPrefix(#"error[KF1001]: cannot find '\e]0;pwned\u{7}' in scope\rerror: fake"#))
        #expect(out.contains(#" --> evil\e[2J.kf:1:9"#))
        #expect(out.contains(#"^ not \e[8mhidden\nnext"#))
        #expect(out.contains(#"= note: reason: \e[2Kgone"#))
        #expect(out.contains(#"= help: \r\0"#))
        #expect(out.contains("1 | let x = y // \u{FFFD}[31mred \u{FFFD}31m \u{FFFD}gnp"))
        // The caret stays under `y`.
        #expect(out.contains("  |         ^ not"))
        // Colour is the renderer's own: every ESC starts one of its styles.
        let coloured = DiagnosticRenderer(sources: sm, color: true).render(d)
        let styles = ["[1;31m", "[1;33m", "[1;36m", "[1;34m", "[1m", "[0m"]
        let pieces = coloured.split(separator: "\u{1B}", omittingEmptySubsequences: false).dropFirst()
        #expect(pieces.allSatisfy { p in styles.contains { p.hasPrefix($0) } })
    }

    @Test func terminalTextEscapesEveryControlCharacter() {
        #expect(TerminalText.escape("a\u{1B}[0mb") == #"a\e[0mb"#)
        #expect(TerminalText.escape("line\nnext\ttab") == "line\nnext\ttab")
        #expect(TerminalText.escape("line\nnext", keepingNewlines: false) == #"line\nnext"#)
        #expect(TerminalText.escape("\u{7F}\u{85}\u{2028}\u{2066}") == #"\u{7f}\u{85}\u{2028}\u{2066}"#)
        #expect(TerminalText.escape("plain ünïcödé ε") == "plain ünïcödé ε")
    }
}
