import KFLang
import Testing

@testable import Compiler

/// Pins where the checker's diagnostics point: `1️⃣` in a source marks the expected start of
/// the primary label (swift-format's marker habit).
@Suite struct DiagnosticPositionTests {
    static let marker = "1️⃣"

    /// The source without its marker and the marker's byte offset.
    static func strip(_ marked: String) -> (String, Int) {
        let r = marked.range(of: marker)!
        let offset = marked.utf8.distance(from: marked.utf8.startIndex, to: r.lowerBound.samePosition(in: marked.utf8)!)
        return (marked.replacingCharacters(in: r, with: ""), offset)
    }

    @Test(arguments: [
        ("KF1001", "let replicas = 3\nlet x = 1️⃣replcas\n"),
        ("KF1002", "let n = 1\nlet 1️⃣n = 2\n"),
        ("KF1003", "cluster lab { node a { cpu: 1, memory: 1Gi, 1️⃣memroy: 2Gi } }\n"),
        ("KF1004", "cluster lab { node 1️⃣a { cpu: 1 } }\n"),
        ("KF1006", "let n: Int(1...10) = 1️⃣11\n"),
        ("KF1017", "cluster lab { node a { cpu: 1️⃣8Gi, memory: 1Gi } }\n"),
        (
            "KF1018",
            "cluster lab { node a { cpu: 1, memory: 1Gi } }\ndataset d { path: \"/d\", node: 1️⃣lab, records: 1 }\n"
        ),
        ("KF2003", "network net { pool: 10.0.0.0/24\n zone s[i in 0..<2] {} }\nlet z = net.s[1️⃣2]\n"),
        ("KF2005", "let p = 1️⃣10.0.0.1/24\n"),
        ("KF2006", "network net {\n  zone a { cidr: 10.0.0.0/28 }\n  zone b { cidr: 1️⃣10.0.0.8/29 }\n}\n"),
        ("KF2010", "let p: Port = 1️⃣0\n"),
    ])
    func primaryLabelStartsAtMarker(_ code: String, _ marked: String) throws {
        let (source, offset) = Self.strip(marked)
        let (_, diags) = CompileHelper.compile(source)
        let d = try #require(diags.first { $0.code == code }, "no \(code) in \(diags.map(\.code))")
        #expect(d.primary?.span.start == offset)
    }

    @Test func duplicateShowsTheFirstDeclaration() throws {
        let (source, offset) = Self.strip("let 1️⃣n = 1\nlet n = 2\n")
        let (_, diags) = CompileHelper.compile(source)
        let d = try #require(diags.first)
        #expect(d.secondary.map(\.span.start) == [offset])
        #expect(d.secondary.first?.text == "first declared here")
    }
}
