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
}
