import Foundation
import Testing

@testable import KFLang

/// Error recovery: every independent error once, at its place, and nothing else.
@Suite struct RecoveryTests {
    @Test func independentErrorsAreAllReported() {
        let p = Parsed(
            """
            cluster lab {
              node cloud { hostname 1️⃣"cloud-1", cpu: 8 }
              node edge { cpu: 4 2️⃣4, memory: 8Gi }
              weird 3️⃣= 3
              ok: [1, 2 4️⃣3]
            }
            let n = 10 *5️⃣
            network net {
              a: (1 + 2
              6️⃣b: 3
              c: 7️⃣@
            }
            policy { require a < b 8️⃣< c }
            """)
        #expect(
            p.found == [
                "KF0015@1", "KF0018@2", "KF0015@3", "KF0015@4", "KF0014@5", "KF0016@6", "KF0003@7",
                "KF0020@8",
            ], "\(p.rendered)")
    }

    @Test func missingCloseBraceAtEndIsOneError() {
        let p = Parsed("cluster 1️⃣lab {\n  node a { cpu: 1 }\n  node b { cpu: 2 }\n2️⃣")
        #expect(p.codes == ["KF0016"])
        #expect(p.diagnostics[0].secondary.first?.span.start == p.markers[1].map { $0 + 4 })
        #expect(p.diagnostics[0].fixIts.first?.replacement == "}")
    }

    @Test func strayClosersAreReportedOnce() {
        let p = Parsed("cluster lab {}\n1️⃣}\nlet x = 2️⃣)\n")
        #expect(p.found == ["KF0017@1", "KF0014@2"], "\(p.rendered)")
    }

    @Test func unclosedCallBeforeNextFieldIsReportedWhereItEnds() {
        let p = Parsed("federation fl {\n  model: mlp(hidden: [32]\n  1️⃣rounds: 10\n}\n")
        #expect(p.found == ["KF0016@1"], "\(p.rendered)")
    }

    @Test func missingCommaInMultilineArguments() {
        let p = Parsed("let m = mlp(\n  hidden: [32]\n  1️⃣act: relu\n)\nlet y = 2\n")
        #expect(p.found == ["KF0015@1"], "\(p.rendered)")
    }

    @Test func errorsInsideInterpolationAreReportedOnce() {
        let p = Parsed(#"let s = "a\(1️⃣)b"\#nlet t = "\(x 2️⃣y)""#)
        #expect(p.found == ["KF0014@1", "KF0015@2"], "\(p.rendered)")
    }

    @Test func fieldsAtTopLevelAndImportsInBodiesAreMisplaced() {
        let p = Parsed("1️⃣rounds: 10\nfederation f {\n  2️⃣import std/x\n}\n3️⃣require true\n")
        #expect(p.found == ["KF0021@1", "KF0021@2", "KF0021@3"], "\(p.rendered)")
    }

    @Test func keywordInTheWrongCase() {
        let p = Parsed("Let n 1️⃣= 10\n")
        #expect(p.found == ["KF0015@1"])
        #expect(p.diagnostics[0].fixIts.first?.replacement == "let")
    }

    @Test func reservedWordAsName() {
        let p = Parsed("let 1️⃣in = 3\n")
        #expect(p.found == ["KF0015@1"])
        #expect(p.diagnostics[0].helps.first?.contains("reserved") == true)
    }

    // MARK: - Pathological input: a diagnostic, no crash, no hang

    @Test(arguments: [
        "let x = " + String(repeating: "(", count: 10_000),
        "let x = " + String(repeating: "[", count: 10_000),
        "let x = " + String(repeating: "{a: ", count: 10_000),
        "a " + String(repeating: "{ b ", count: 10_000),
        "let x = " + String(repeating: "f(", count: 10_000),
        "let x: " + String(repeating: "[", count: 10_000),
        "let x = " + String(repeating: "-", count: 10_000) + "1",
        "let x = 1" + String(repeating: " + 1", count: 10_000),
        "let x = a" + String(repeating: ".b", count: 10_000),
    ])
    func deepNestingIsBounded(_ source: String) {
        let p = Parsed(source)
        #expect(p.codes == ["KF0019"], "\(p.rendered)")
    }

    @Test func tenThousandOpenBracketsAtTopLevel() {
        let p = Parsed(String(repeating: "(", count: 10_000))
        #expect(p.codes == ["KF0013"])
    }

    @Test func nestedInterpolationsAreBounded() {
        let p = Parsed(
            "let x = " + String(repeating: #""\("#, count: 200) + "1" + String(repeating: #")""#, count: 200))
        #expect(p.codes == ["KF0019"], "\(p.rendered)")
    }

    @Test(arguments: [
        ("let s = \"abc\nlet t = 1\n", ["KF0004"]),
        ("let s = \"a\\(b\nlet t = 1\n", ["KF0005"]),
        ("let s = 1 /* open\nlet t = 1\n", ["KF0006"]),
        ("policy { rule \"r\" jq `.[]\n}\n", ["KF0007"]),
    ])
    func unterminatedLiteralsGiveOneError(_ source: String, _ codes: [String]) {
        #expect(Parsed(source).codes == codes)
    }

    @Test func binaryFileIsRejectedOnce() {
        var bytes: [UInt8] = []
        var x: UInt32 = 12345
        for _ in 0..<100_000 {
            x = x &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: x >> 16))
        }
        bytes[10] = 0
        let p = Parsed(bytes: bytes)
        #expect(p.codes == ["KF0022"])
        #expect(p.tree.hasErrors)
    }

    @Test func invalidUTF8WithoutNULIsBoundedAndLocated() {
        var bytes: [UInt8] = []
        var x: UInt32 = 777
        for _ in 0..<50_000 {
            x = x &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: x >> 16) | 0x20)
        }
        let p = Parsed(bytes: bytes)
        #expect(p.codes.contains("KF0002"))
        #expect(!p.codes.contains("KF0022"))
        #expect(p.codes.count <= Lexer.maxReports + 64)
        #expect(p.diagnostics.allSatisfy { $0.primary != nil })
    }

    @Test func tenMegabyteLine() {
        let p = Parsed(bytes: Array("let x = [".utf8) + Array(repeating: UInt8(ascii: "a"), count: 10_000_000))
        #expect(p.codes == ["KF0016"], "\(p.rendered)")
    }

    /// Random single-byte edits of a real file never crash or hang and always yield a tree.
    @Test func mutatedExamplesNeverCrash() throws {
        let original = Array(try String(contentsOfFile: examplePaths[0], encoding: .utf8).utf8)
        let alphabet = Array("{}[]()\"`\\:,.=<>/*-+!&| \n\tabc019".utf8) + [0x00, 0xFF, 0xC3]
        var x: UInt32 = 42
        func next(_ n: Int) -> Int {
            x = x &* 1_103_515_245 &+ 12345
            return Int((x >> 8) % UInt32(n))
        }
        for _ in 0..<150 {
            var bytes = original
            for _ in 0..<(1 + next(4)) {
                let at = next(bytes.count)
                switch next(3) {
                case 0: bytes[at] = alphabet[next(alphabet.count)]
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet[next(alphabet.count)], at: at)
                }
            }
            let p = Parsed(bytes: bytes)
            #expect(p.tree.hasErrors == !p.diagnostics.filter { $0.severity == .error }.isEmpty)
            if !p.tree.hasErrors {
                let once = p.formatted
                #expect(format(once) == once)
            }
        }
    }
}
