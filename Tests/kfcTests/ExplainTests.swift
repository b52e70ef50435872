import Foundation
import Testing

@testable import kfc

@Suite struct ExplainTests {
    @Test func printsTheDocPage() {
        let r = Driver.run(["explain", "KF9001"])
        #expect(r.exitCode == 0)
        #expect(r.stdout.hasPrefix("# KF9001"))
        #expect(r.stderr.isEmpty)
    }

    @Test func lowercaseCodesAreAccepted() {
        #expect(Driver.run(["explain", "kf9001"]).exitCode == 0)
    }

    @Test func unknownCodeIsUsageError() {
        let r = Driver.run(["explain", "KF0999"])
        #expect(r.exitCode == 64)
        #expect(r.stderr.contains("no diagnostic has the code 'KF0999'"))
        #expect(r.stdout.isEmpty)
    }

    @Test func malformedCodeIsUsageError() {
        #expect(Driver.run(["explain", "hello"]).exitCode == 64)
    }

    @Test func unknownSubcommandIsUsageError() {
        let r = Driver.run(["frobnicate"])
        #expect(r.exitCode == 64)
    }

    @Test func versionIsPrinted() {
        let r = Driver.run(["--version"])
        #expect(r.exitCode == 0)
        #expect(r.stdout == KFC.version + "\n")
    }
}
