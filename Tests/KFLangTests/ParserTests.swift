import Foundation
import Testing

@testable import KFLang

@Suite struct ParserTests {
    @Test(arguments: examplePaths) func examplesParseClean(_ path: String) throws {
        let data = try #require(FileManager.default.contents(atPath: path))
        let p = Parsed(bytes: Array(data))
        #expect(p.diagnostics.isEmpty, "\(p.rendered)")
        #expect(!p.tree.hasErrors)
    }

    @Test func kubeflowerStructure() throws {
        let data = try #require(FileManager.default.contents(atPath: examplePaths[0]))
        let p = Parsed(bytes: Array(data))
        #expect(p.tree.imports.count == 2)
        #expect(p.tree.blocks.map(\.kind.name) == ["cluster", "network", "dataset", "federation", "policy"])
        let fed = try #require(p.tree.blocks.first { $0.kind.name == "federation" })
        #expect(fed.name?.name == "digits_fl")
        let client = try #require(fed.body.blocks.first { $0.kind.name == "client" })
        #expect(client.name == nil)
        #expect(client.replication?.variable.name == "i")
        #expect(client.body.fields.map(\.name.name) == ["zone", "node", "dataset", "train"])
        let privacy = try #require(fed.body.blocks.first { $0.kind.name == "privacy" })
        guard case .float(let eps) = privacy.body.fields[1].value else {
            Issue.record("epsilon")
            return
        }
        #expect(eps.value == 0.7)
        #expect(p.tree.lets.first?.docComment == "Number of clients (the operator's `num_clients`).")
    }

    @Test func spansAreExact() throws {
        let p = Parsed("cluster lab {\n  node cloud { cpu: 1️⃣8, memory: 2️⃣32Gi }\n}\n")
        let node = try #require(p.firstBlock?.body.blocks.first)
        let fields = node.body.fields
        #expect(fields[0].value.span.start == p.markers[1])
        #expect((fields[0].value.span.line, fields[0].value.span.column) == (2, 21))
        #expect(fields[1].value.span.start == p.markers[2])
        guard case .quantity(let q) = fields[1].value else {
            Issue.record("quantity")
            return
        }
        #expect((q.number, q.unit, q.value) == ("32", "Gi", 32))
    }

    func expr(_ text: String) -> Expr {
        Parsed("let x = " + text).firstLetValue
            ?? .missing(MissingExpr(span: Span(file: FileID(0), start: 0, end: 0, line: 1, column: 1)))
    }

    /// A compact rendering of the tree shape.
    func shape(_ e: Expr) -> String {
        switch e {
        case .identifier(let x): x.name
        case .integer(let x): x.text
        case .float(let x): x.text
        case .quantity(let x): x.number + x.unit
        case .bool(let x): "\(x.value)"
        case .none: "none"
        case .string(let x): "str(\(x.segments.count))"
        case .ip(let x): "ip(\(x.octets.map(String.init).joined(separator: ".")))"
        case .cidr(let x): "cidr(\(x.prefixLength))"
        case .jq: "jq"
        case .list(let x): "[" + x.elements.map { shape($0.value) }.joined(separator: ",") + "]"
        case .comprehension(let x): "[\(shape(x.body)) for \(x.variable.name) in \(shape(x.sequence))]"
        case .record(let x): "{" + x.fields.map { "\($0.name.name):\(shape($0.value))" }.joined(separator: ",") + "}"
        case .paren(let x): "(\(shape(x.inner)))"
        case .unary(let x): "(\(x.op.rawValue)\(shape(x.operand)))"
        case .binary(let x): "(\(shape(x.lhs)) \(x.op.rawValue) \(shape(x.rhs)))"
        case .range(let x):
            "(\(x.lower.map(shape) ?? "")\(x.lowerOpen ? "<" : "")\(x.closed ? "..." : "..<")\(x.upper.map(shape) ?? ""))"
        case .member(let x): "\(shape(x.base)).\(x.member.name)"
        case .index(let x): "\(shape(x.base))[\(shape(x.index))]"
        case .conditional(let x): "if(\(shape(x.condition)) ? \(shape(x.then)) : \(shape(x.otherwise)))"
        case .call(let x):
            "\(shape(x.callee))("
                + x.arguments.map { ($0.label.map { $0.name + ":" } ?? "") + shape($0.value) }.joined(separator: ",")
                + ")"
        case .missing: "?"
        }
    }

    @Test(arguments: [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("(1 + 2) * 3", "(((1 + 2)) * 3)"),
        ("a - b - c", "((a - b) - c)"),
        ("-x * !y", "((-x) * (!y))"),
        ("a || b && c == d", "(a || (b && (c == d)))"),
        ("0..<n - 1", "(0..<(n - 1))"),
        ("1...65535", "(1...65535)"),
        ("0...", "(0...)"),
        ("..<1", "(..<1)"),
        ("0<..1", "(0<...1)"),
        ("0 <..< 1", "(0<..<1)"),
        ("0<..", "(0<...)"),
        ("a < b", "(a < b)"),
        ("i < n && n <= 10", "((i < n) && (n <= 10))"),
        ("lab.edge[i].hostname", "lab.edge[i].hostname"),
        ("mlp(hidden: [32, 16], relu)", "mlp(hidden:[32,16],relu)"),
        ("{ epsilon: 1.0, delta: 1e-5 }", "{epsilon:1.0,delta:1e-5}"),
        ("[x * 2 for x in 0..<3]", "[(x * 2) for x in (0..<3)]"),
        ("10.0.0.1", "ip(10.0.0.1)"),
        ("10.18.0.0/16", "cidr(16)"),
        ("true != false", "(true != false)"),
        ("none", "none"),
        ("250ms + 1h", "(250ms + 1h)"),
        ("{\n  a: 1\n  b: [\n    1,\n    2,\n  ]\n}", "{a:1,b:[1,2]}"),
        ("if i < 20 { 0.5 } else { 1.0 }", "if((i < 20) ? 0.5 : 1.0)"),
        ("if a { 1 } else if b { 2 } else { 3 }", "if(a ? 1 : if(b ? 2 : 3))"),
        ("if a {\n  { epsilon: 1.0 }\n} else {\n  none\n}", "if(a ? {epsilon:1.0} : none)"),
        ("1 + if a { 1 } else { 2 } * 3", "(1 + (if(a ? 1 : 2) * 3))"),
    ])
    func expressions(_ source: String, _ expected: String) {
        let p = Parsed("let x = " + source)
        #expect(p.diagnostics.isEmpty, "\(p.rendered)")
        #expect(shape(p.firstLetValue!) == expected)
    }

    @Test(arguments: [
        ("let x = if a { 1 }\n", "expected 'else' after the branch of 'if'"),
        ("let x = if a 1 else 2\n", "expected '{' after the condition of 'if'"),
        ("let x = if a { 1 } else 2\n", "expected '{' after 'else'"),
        ("let x = if { 1 } else { 2 }\n", "expected a field name"),
    ])
    func conditionalErrors(_ source: String, _ message: String) {
        let p = Parsed(source)
        #expect(p.diagnostics.count == 1, "\(p.rendered)")
        #expect(p.diagnostics.first?.message.contains(message) == true, "\(p.rendered)")
    }

    @Test func stringInterpolationSegments() throws {
        let p = Parsed(#"let s = "edge-\(1️⃣i + 1)-x""#)
        guard case .string(let s) = try #require(p.firstLetValue) else {
            Issue.record("string")
            return
        }
        #expect(s.segments.count == 3)
        guard case .text(let t, _) = s.segments[0], case .interpolation(let e, _) = s.segments[1] else {
            Issue.record("segments")
            return
        }
        #expect(t == "edge-")
        #expect(shape(e) == "(i + 1)")
        #expect(e.span.start == p.markers[1])
        #expect(s.staticValue == nil)
    }

    @Test func declarationsOfEveryForm() throws {
        let p = Parsed(
            """
            import std/models { mlp, cnn as conv }
            import "./common.kf" as common
            let port: Int(1...65535)? = 8080
            let names: [String] = []
            network net { zone site[i in 0..<4] { private: true } }
            policy {
              require isolated(fl.client)
              rule "pinned" jq `.[] | .kind`
              waive read_only_root_filesystem because "cache"
            }
            """)
        #expect(p.diagnostics.isEmpty, "\(p.rendered)")
        let imports = p.tree.imports
        guard case .module(let path) = imports[0].source, case .file(let file) = imports[1].source else {
            Issue.record("imports")
            return
        }
        #expect(path.map(\.name) == ["std", "models"])
        #expect(imports[0].items?.map { $0.alias?.name ?? $0.name.name } == ["mlp", "conv"])
        #expect(file.staticValue == "./common.kf")
        #expect(imports[1].alias?.name == "common")
        guard case .optional(let o) = p.tree.lets[0].type, case .refined(let r) = o.wrapped else {
            Issue.record("type")
            return
        }
        #expect(shape(r.constraint) == "(1...65535)")
        guard case .list = p.tree.lets[1].type else {
            Issue.record("list type")
            return
        }
        let zone = try #require(p.tree.blocks[0].body.blocks.first)
        #expect(zone.name?.name == "site")
        #expect(zone.replication.map { shape($0.sequence) } == "(0..<4)")
        let policy = p.tree.blocks[1]
        guard case .require(let req) = policy.body.items[0], case .rule(let rule) = policy.body.items[1],
            case .waive(let waive) = policy.body.items[2]
        else {
            Issue.record("policy items")
            return
        }
        #expect(shape(req.condition) == "isolated(fl.client)")
        #expect(rule.name.staticValue == "pinned")
        #expect(rule.program.program == ".[] | .kind")
        #expect(shape(waive.rule) == "read_only_root_filesystem")
        #expect(waive.reason.staticValue == "cache")
    }

    @Test func commentsAreAttached() throws {
        let p = Parsed(
            """
            // leading
            /// Docs for lab.
            cluster lab { // trailing
              node a {} // after a
              // end of body
            }
            // end of file
            """)
        let lab = try #require(p.firstBlock)
        #expect(lab.trivia.leading.map(\.text) == ["// leading", "/// Docs for lab."])
        #expect(lab.docComment == "Docs for lab.")
        #expect(lab.body.openComments.map(\.text) == ["// trailing"])
        #expect(lab.body.items[0].trivia.trailing.map(\.text) == ["// after a"])
        #expect(lab.body.endComments.map(\.text) == ["// end of body"])
        #expect(p.tree.endComments.map(\.text) == ["// end of file"])
    }

    @Test func separatorsAreNewlinesOrCommas() {
        let p = Parsed("a {\n  x: 1, y: 2\n  z: 3,\n}\nb { x: 1 }, c {}")
        #expect(p.diagnostics.isEmpty, "\(p.rendered)")
        #expect(p.firstBlock?.body.fields.map(\.name.name) == ["x", "y", "z"])
        #expect(p.tree.blocks.count == 3)
    }

    @Test func expressionsContinueAcrossLines() {
        let p = Parsed("let x = 1 +\n  2\nlet y = f(\n  a: 1,\n)\n")
        #expect(p.diagnostics.isEmpty, "\(p.rendered)")
        #expect(p.tree.lets.count == 2)
    }
}

@Suite struct LanguageDocTests {
    /// Every ```kf block of docs/language.md (```kf fragment excerpts too) parses without errors
    /// and is canonically formatted.
    @Test func languageReferenceExamplesParse() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/language.md"), encoding: .utf8)
            .replacingOccurrences(of: "```kf fragment\n", with: "```kf\n")
        let blocks = text.components(separatedBy: "```kf\n").dropFirst().map { $0.components(separatedBy: "```\n")[0] }
        #expect(blocks.count >= 4)
        for block in blocks {
            let p = Parsed(block)
            #expect(p.diagnostics.isEmpty, "\(block)\n\(p.rendered)")
            #expect(p.formatted == block)
        }
    }
}

@Suite struct SourceFormTests {
    @Test func crlfAndByteOrderMarkAreAccepted() {
        let p = Parsed(bytes: [0xEF, 0xBB, 0xBF] + Array("let a = 1 // one\r\nlet b = \"x\"\r\n/* c\r\n */\r\n".utf8))
        #expect(p.diagnostics.isEmpty, "\(p.rendered)")
        #expect(p.formatted == "let a = 1 // one\nlet b = \"x\"\n/* c\r\n */\n")
    }

    @Test func traversalVisitsEveryExpression() throws {
        let p = Parsed(#"let x = f(a: [1, 2], b: { c: -d.e[3] }) + "\(g)""#)
        var names: [String] = []
        p.firstLetValue?.forEachDescendant { e in
            if case .identifier(let i) = e { names.append(i.name) }
        }
        #expect(names == ["f", "d", "g"])
    }
}
