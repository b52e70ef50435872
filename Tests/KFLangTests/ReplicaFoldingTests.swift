import Testing

@testable import KFLang

/// A diagnostic repeated across the replicas of one declaration is shown once, naming them.
@Suite struct ReplicaFoldingTests {
    static let span = Span(file: FileID(0), start: 10, end: 14, line: 2, column: 3)

    static func zone(_ i: Int, code: String = "KF2008", at span: Span = span) -> Diagnostic {
        Diagnostic(
            code: code, message: "zone 'net.site[\(i)]' (10.1.0.0/28) is outside the pool 10.0.0.0/16",
            primary: DiagnosticLabel(span, "not inside the pool"))
    }

    @Test func repeatsAtOneSpanFoldIntoTheFirstWithTheReplicas() {
        let ds = DiagnosticSink.sorted((0..<200).map { Self.zone($0) })
        #expect(ds.count == 1)
        #expect(ds[0].message == "zone 'net.site[0]' (10.1.0.0/28) is outside the pool 10.0.0.0/16")
        #expect(ds[0].notes == ["in 200 replicas: net.site[0]…net.site[199]"])
    }

    @Test func onlyTheFailingReplicasAreNamedRunsAsRanges() {
        let ds = DiagnosticSink.sorted(([0, 1, 2, 3, 12, 14, 15] as [Int]).map { Self.zone($0) })
        #expect(
            ds.map(\.notes) == [["in 7 replicas: net.site[0]…net.site[3], net.site[12], net.site[14], net.site[15]"]])
    }

    @Test func theReplicaIsTheFirstNameThatVaries() {
        let ds = DiagnosticSink.sorted(
            (1...3).map { i in
                Diagnostic(
                    code: "KF2006", message: "zones 'net.site[\(i)]' and 'net.site[0]' overlap",
                    primary: DiagnosticLabel(Self.span))
            })
        #expect(ds.count == 1)
        #expect(ds[0].notes == ["in 3 replicas: net.site[1]…net.site[3]"])
    }

    @Test func otherSpansCodesAndMessagesStayApart() {
        let elsewhere = Span(file: FileID(0), start: 40, end: 44, line: 5, column: 3)
        let otherValue = Diagnostic(
            code: "KF2008", message: "zone 'net.site[2]' (10.2.0.0/28) is outside the pool 10.0.0.0/16",
            primary: DiagnosticLabel(Self.span))
        let ds = DiagnosticSink.sorted([
            Self.zone(0), Self.zone(1, at: elsewhere), Self.zone(3, code: "KF2009"), otherValue,
        ])
        #expect(ds.count == 4)
        #expect(ds.allSatisfy { $0.notes.isEmpty })
    }

    @Test func diagnosticsWithoutALocationOrAnIndexAreLeftAlone() {
        let a = Diagnostic(code: "KF0001", message: "cannot read 'a[1].kf'", primary: nil)
        let b = Diagnostic(code: "KF0001", message: "cannot read 'a[2].kf'", primary: nil)
        let plain = Diagnostic(code: "KF1001", message: "unknown name 'x'", primary: DiagnosticLabel(Self.span))
        #expect(DiagnosticSink.sorted([a, b, plain]) == [a, b, plain])
    }

    @Test func foldingTwiceChangesNothing() {
        let once = DiagnosticSink.sorted((0..<5).map { Self.zone($0) })
        #expect(DiagnosticSink.sorted(once) == once)
    }
}
