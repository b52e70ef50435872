import Foundation
import Testing

/// The TextMate grammar of `editors/vscode` highlights every example file: each character is
/// covered by a scope or is whitespace, and every begin/end region closes.
///
/// A small TextMate engine: at each position the leftmost match among the current region's
/// end pattern and its patterns wins (the end first, then the patterns in order), as in
/// VS Code; regions nest across lines. The grammar keeps to the regular-expression subset that
/// NSRegularExpression and Oniguruma share.
@Suite struct GrammarTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One pattern of the grammar, with its includes resolved.
    final class Rule {
        var name: String?
        var match: NSRegularExpression?
        var begin: NSRegularExpression?
        var end: NSRegularExpression?
        var patterns: [Rule] = []
    }

    struct Grammar {
        var top: [Rule]

        init(json: [String: Any]) throws {
            let repository = json["repository"] as? [String: [String: Any]] ?? [:]
            var built: [String: Rule] = [:]
            var topRules: [Rule] = []
            func regex(_ s: Any?) throws -> NSRegularExpression? {
                guard let s = s as? String else { return nil }
                return try NSRegularExpression(pattern: s, options: [.anchorsMatchLines])
            }
            func rules(_ list: [[String: Any]]?) throws -> [Rule] {
                var out: [Rule] = []
                for p in list ?? [] {
                    if let inc = p["include"] as? String {
                        if inc == "$self" {
                            let r = Rule()
                            r.name = "$self"
                            out.append(r)
                        } else {
                            let key = String(inc.dropFirst())
                            if built[key] == nil {
                                let r = Rule()
                                built[key] = r
                                guard let def = repository[key] else { throw GrammarError.missing(inc) }
                                r.patterns = try rules(def["patterns"] as? [[String: Any]] ?? [def])
                            }
                            out.append(built[key]!)
                        }
                        continue
                    }
                    let r = Rule()
                    r.name = p["name"] as? String
                    r.match = try regex(p["match"])
                    r.begin = try regex(p["begin"])
                    r.end = try regex(p["end"])
                    r.patterns = try rules(p["patterns"] as? [[String: Any]])
                    out.append(r)
                }
                return out
            }
            topRules = try rules(json["patterns"] as? [[String: Any]])
            top = topRules
        }

        /// The rules that can match, with includes flattened.
        func flatten(_ rules: [Rule]) -> [Rule] {
            var out: [Rule] = []
            var seen = Set<ObjectIdentifier>()
            func walk(_ rs: [Rule]) {
                for r in rs {
                    if r.name == "$self" { walk(top); continue }
                    if r.match != nil || r.begin != nil {
                        out.append(r)
                    } else if seen.insert(ObjectIdentifier(r)).inserted {
                        walk(r.patterns)
                    }
                }
            }
            walk(rules)
            return out
        }

        /// Problems found highlighting `text`: uncovered characters and unclosed regions.
        func problems(in text: String) -> [String] {
            var problems: [String] = []
            var stack: [Rule] = []
            for (n, line) in text.components(separatedBy: "\n").enumerated() {
                let s = line as NSString
                var i = 0
                func uncovered(_ lo: Int, _ hi: Int) {
                    // Inside a named region everything is covered by the region's scope.
                    if stack.last?.name != nil { return }
                    let gap = s.substring(with: NSRange(location: lo, length: hi - lo))
                    if !gap.trimmingCharacters(in: .whitespaces).isEmpty {
                        problems.append("line \(n + 1), column \(lo + 1): '\(gap)' has no scope")
                    }
                }
                while i <= s.length {
                    let candidates = flatten(stack.last?.patterns ?? top)
                    var best: (start: Int, length: Int, rule: Rule?, isEnd: Bool)?
                    if let end = stack.last?.end,
                        let m = end.firstMatch(in: line, range: NSRange(location: i, length: s.length - i))
                    {
                        best = (m.range.location, m.range.length, nil, true)
                    }
                    for r in candidates {
                        guard let re = r.match ?? r.begin,
                            let m = re.firstMatch(in: line, range: NSRange(location: i, length: s.length - i))
                        else { continue }
                        if best == nil || m.range.location < best!.start {
                            best = (m.range.location, m.range.length, r, false)
                        }
                    }
                    guard let b = best else {
                        uncovered(i, s.length)
                        break
                    }
                    uncovered(i, b.start)
                    if b.isEnd {
                        stack.removeLast()
                    } else if let r = b.rule {
                        if r.begin != nil {
                            stack.append(r)
                        } else if r.name == nil {
                            problems.append("line \(n + 1): a match without a scope name")
                        }
                    }
                    // A zero-length match moves on one character (as TextMate does).
                    i = b.start + max(b.length, 1)
                    if b.length == 0, b.start < s.length { uncovered(b.start, b.start + 1) }
                }
            }
            for r in stack { problems.append("a region opened by '\(r.begin!.pattern)' never closes") }
            return problems
        }
    }

    enum GrammarError: Error { case missing(String) }

    static func grammar() throws -> Grammar {
        let data = try Data(contentsOf: root.appendingPathComponent("editors/vscode/syntaxes/kf.tmLanguage.json"))
        return try Grammar(json: try JSONSerialization.jsonObject(with: data) as! [String: Any])
    }

    static let examples: [String] = {
        let dir = root.appendingPathComponent("examples")
        let found = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".kf") }.sorted()
    }()

    @Test func findsTheExamples() {
        #expect(Self.examples.count >= 6)
    }

    @Test(arguments: examples)
    func highlightsEveryCharacterOfTheExample(_ path: String) throws {
        let text = try String(
            contentsOf: Self.root.appendingPathComponent("examples").appendingPathComponent(path), encoding: .utf8)
        #expect(try Self.grammar().problems(in: text) == [])
    }

    @Test func standardLibraryToo() throws {
        let dir = Self.root.appendingPathComponent("stdlib/std")
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where f.hasSuffix(".kf") {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            #expect(try Self.grammar().problems(in: text) == [], "\(f)")
        }
    }

    /// The checker itself finds what the grammar misses: a character no pattern names, and an
    /// unterminated string or comment.
    @Test(arguments: [
        ("let a = 1 @", "line 1, column 10: ' @' has no scope"),
        ("let s = \"open", "a region opened by '\"' never closes"),
        ("/* never closed", "a region opened by '/\\*' never closes"),
    ])
    func reportsWhatIsNotCovered(text: String, problem: String) throws {
        let found = try Self.grammar().problems(in: text)
        #expect(found == [problem], "\(found)")
    }

    @Test func scopesTheKindsOfToken() throws {
        // Every kind of token lands in its scope, not in the identifier fallback.
        let g = try Self.grammar()
        let rules = g.flatten(g.top)
        func scope(of token: String, before rest: String = "") -> String? {
            let text = token + rest
            return rules.first { r in
                guard let re = r.match else { return false }
                let m = re.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length))
                return m?.range == NSRange(location: 0, length: (token as NSString).length)
            }?.name
        }
        #expect(scope(of: "10.18.0.0/16") == "constant.numeric.cidr.kf")
        #expect(scope(of: "10.18.0.1") == "constant.numeric.ip.kf")
        #expect(scope(of: "512Mi") == "constant.numeric.quantity.kf")
        #expect(scope(of: "1e-5") == "constant.numeric.kf")
        #expect(scope(of: "auto") == "constant.language.kf")
        #expect(scope(of: "zone site", before: "[i in 0..<n] {") == "meta.declaration.kf")
        #expect(scope(of: "zone", before: ": fl_net.core") == "entity.name.tag.field.kf")
        #expect(scope(of: "..<") == "keyword.operator.range.kf")
        #expect(scope(of: "/// docs") == "comment.line.documentation.kf")
    }
}
