import Foundation
import Testing

@testable import KFLang

@Suite struct FormatterTests {
    @Test(arguments: examplePaths) func examplesAreCanonical(_ path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(format(text) == text)
    }

    @Test func normalisesSpacingAndIndentation() {
        let messy = """
            import   std/models{mlp,cnn}
            let   n:Int(1 ...  10)=10
                cluster lab{
            node cloud{hostname:"cloud-1",cpu:8,memory:32Gi}
                    node edge [ i in 0 ..< n ] {
                  hostname : "edge-\\(i)"
              cpu:4*2
              }
            }



            policy{require a<b&&!c
            rule "x" jq `.[]`
            waive  foo  because "y"}
            """
        let expected = """
            import std/models { mlp, cnn }
            let n: Int(1...10) = 10
            cluster lab {
              node cloud { hostname: "cloud-1", cpu: 8, memory: 32Gi }
              node edge[i in 0..<n] {
                hostname: "edge-\\(i)"
                cpu: 4 * 2
              }
            }

            policy {
              require a < b && !c
              rule "x" jq `.[]`
              waive foo because "y"
            }

            """
        #expect(format(messy) == expected)
        #expect(format(expected) == expected)
    }

    @Test func keepsEveryComment() {
        let source = """
            // file header

            /// Docs.
            cluster lab { // after brace
              /* before a */ node a { cpu: 1 /* inside */ } // after a

              // before b
              node b {}
              // end of body
            }
            let x = [
              1, // one
              // before two
              2,
              // end of list
            ]
            let y = f(a: 1 /* odd */ + 2)
            let z = { a: 1 /* r */ }
            // end of file
            """
        let out = format(source)
        for c in [
            "// file header", "/// Docs.", "// after brace", "/* before a */", "/* inside */", "// after a",
            "// before b", "// end of body", "// one", "// before two", "// end of list", "/* odd */",
            "/* r */", "// end of file",
        ] {
            #expect(out.contains(c), "lost \(c) in:\n\(out)")
        }
        #expect(format(out) == out, "not idempotent:\n\(out)")
    }

    @Test func commentsAfterOpenersStayOnTheirLine() {
        let source = "cluster lab { // the lab\n  a: [ // list\n    1,\n  ]\n  e { // empty\n  }\n}\n"
        #expect(format(source) == source)
    }

    @Test func multilineListsAndCallsGetTrailingCommas() {
        let source = "let x = [1,\n  2]\nlet m = mlp(hidden: [32],\n  act: relu)\nlet r = {\n  a: 1, b: 2 }\n"
        #expect(
            format(source) == """
                let x = [
                  1,
                  2,
                ]
                let m = mlp(
                  hidden: [32],
                  act: relu,
                )
                let r = {
                  a: 1
                  b: 2
                }

                """)
    }

    @Test func blankLinesCollapseToOne() {
        #expect(format("let a = 1\n\n\n\nlet b = 2\n") == "let a = 1\n\nlet b = 2\n")
        #expect(format("x {\n\n  a: 1\n\n\n  b: 2\n\n}\n") == "x {\n  a: 1\n\n  b: 2\n}\n")
    }

    @Test func emptyFileAndEmptyBodies() {
        #expect(format("") == "")
        #expect(format("// only\n") == "// only\n")
        #expect(format("zone core {  }\nlet l = [ ]\nlet r = { }\n") == "zone core {}\nlet l = []\nlet r = {}\n")
    }

    @Test func literalsArePrintedAsWritten() {
        let source = "let a = [1_000, 1e-5, 0.50, 250ms, 10.0.0.1, 10.18.0.0/16, \"a\\tb\\(x)\", `.[] | .a`, none]\n"
        #expect(format(source) == source)
    }

    @Test func conditionalsGetOneLayout() {
        #expect(
            format("let x = if a{1}else if b {2} else {\n3\n}\n") == "let x = if a { 1 } else if b { 2 } else { 3 }\n")
    }

    @Test func treesWithErrorsAreReturnedUnchanged() {
        let broken = "cluster lab {\n  node a { cpu: }\n"
        #expect(format(broken) == broken)
    }

    /// `format(parse(format(x))) == format(x)` over varied inputs.
    @Test(arguments: [
        "a{b{c{d:1}}}",
        "a {\n b {\n  c: [1,\n 2, // x\n 3]\n }\n}",
        "let x = (1 + 2) * -3 / 4 % 5 - !true",
        "let x = [i * 2 for i in 0..<10]",
        "let p: Float(0 <.. 1) = 0.5\nlet q: Float(0<..<1) = 0.5\nlet e: Float(0<..) = 1",
        "let s = \"edge-\\(i + 1)\"",
        "/* a */ /* b */\nlet x = 1 /* c */ /* d */\n/* e */",
        "f { g: h(\n// c\n) }",
        "import \"./x.kf\" {\n  a, // first\n  b\n}",
        "policy p {\n  rule \"r\" jq `\n  .[]\n  `\n}",
        "a {\n  b: 1 /* in\nside */ }\nc { /* x\n  y */ d: 1 }",
        "a { // open\n}\nlet l = [ // open\n  1,\n]\nlet c = f( // open\n)\nlet r = { // open\n  a: 1 }",
        "let x = if a{1}else if b {2} else {\n3\n}",
        "c { budget: if i < 20 { { epsilon: 0.5, delta: 1e-5 } } else { none } }",
    ])
    func idempotent(_ source: String) {
        let p = Parsed(source)
        #expect(p.diagnostics.isEmpty, "\(p.rendered)")
        let once = p.formatted
        #expect(format(once) == once, "first:\n\(once)\nsecond:\n\(format(once))")
    }
}
