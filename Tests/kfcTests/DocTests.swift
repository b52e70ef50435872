import Foundation
import Testing

@testable import kfc

/// The documentation cannot drift from the tool: every `kf` block and every runnable command
/// line in `README.md` and `docs/` (the diagnostic pages have `DiagnosticCatalogTests`) is run,
/// and every relative link leads to a file of the repository.
///
/// The conventions (also in the README's Development section):
/// - ```` ```kf ```` is a complete file: it must parse and pass `kfc check` with no error.
/// - ```` ```kf fragment ```` is an excerpt (names declared elsewhere) and is not run.
/// - ```` ```console ```` holds command lines: each line `$ kfc ARGS` runs the built binary in a
///   scratch copy of `examples/` (paths such as `examples/digits/topology.kf` work). It must exit
///   0, or `N` when the line ends with `# exit N`. The lines after it up to the next `$` are
///   output that must appear, each as a whole line, in its stdout or stderr (`...` skips).
@Suite struct DocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// One fenced block of a page.
    struct Block: CustomStringConvertible, Sendable {
        var file: String
        var line: Int
        var info: String
        var body: [String]
        var description: String { "\(file):\(line) (\(info))" }
    }

    /// `README.md` and every page under `docs/` but the diagnostic pages, relative to the root.
    static let pages: [String] = {
        let docs = root.appendingPathComponent("docs")
        let files = FileManager.default.enumerator(atPath: docs.path)?.compactMap { $0 as? String } ?? []
        return ["README.md"]
            + files.filter { $0.hasSuffix(".md") && !$0.hasPrefix("diagnostics/") }.sorted().map { "docs/" + $0 }
    }()

    static func blocks(in page: String) -> [Block] {
        let text = (try? String(contentsOf: root.appendingPathComponent(page), encoding: .utf8)) ?? ""
        var out: [Block] = []
        var open: Block?
        for (i, line) in text.components(separatedBy: "\n").enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                if let b = open {
                    out.append(b)
                    open = nil
                } else {
                    open = Block(file: page, line: i + 1, info: String(trimmed.dropFirst(3)), body: [])
                }
            } else if open != nil {
                open!.body.append(line)
            }
        }
        return out
    }

    static let all: [Block] = pages.flatMap(blocks(in:))
    static let kfBlocks = all.filter { $0.info == "kf" }
    static let consoleBlocks = all.filter { $0.info == "console" }

    @Test func thereAreBlocksToRun() {
        #expect(Self.kfBlocks.count >= 2)
        #expect(Self.consoleBlocks.count >= 3)
        // A block kind nobody runs must be one of the known ones (a typo like ```kfc is caught).
        let known: Set<String> = [
            "", "kf", "kf fragment", "console", "sh", "text", "json", "ebnf", "swift", "yaml", "lua", "toml",
        ]
        for b in Self.all { #expect(known.contains(b.info), "\(b): unknown block kind '\(b.info)'") }
    }

    @Test(arguments: kfBlocks)
    func kfBlockChecks(_ block: Block) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(block.body.joined(separator: "\n").utf8).write(to: dir.appendingPathComponent("doc.kf"))
        let r = Driver.run(["check", "doc.kf", "--color", "never"], environment: [:], workingDirectory: dir.path)
        #expect(r.exitCode == 0, "\(block) does not check (mark an excerpt ```kf fragment):\n\(r.stderr)")
    }

    @Test(arguments: consoleBlocks)
    func consoleBlockRuns(_ block: Block) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(
            at: Self.root.appendingPathComponent("examples"), to: dir.appendingPathComponent("examples"))
        var commands: [(line: String, expected: [String])] = []
        for line in block.body {
            if line.hasPrefix("$ ") {
                commands.append((String(line.dropFirst(2)), []))
            } else if !commands.isEmpty, !line.trimmingCharacters(in: .whitespaces).isEmpty, line != "..." {
                commands[commands.count - 1].expected.append(line)
            }
        }
        #expect(!commands.isEmpty, "\(block) has no '$ ' line")
        for (line, expected) in commands {
            var command = line
            var status: Int32 = 0
            if let r = command.range(of: "# exit ") {
                status = Int32(command[r.upperBound...].trimmingCharacters(in: .whitespaces)) ?? -1
                command = String(command[..<r.lowerBound])
            }
            let words = Self.words(command)
            try #require(words.first == "kfc", "\(block): only kfc commands run: \(line)")
            let r = try BinaryRunner.run(Array(words.dropFirst()), in: dir, timeout: 300)
            #expect(r.status == status, "\(block): '\(line)' exited \(r.status):\n\(r.stderr)")
            let printed = Set((r.stdout + "\n" + r.stderr).components(separatedBy: "\n"))
            for e in expected {
                #expect(
                    printed.contains(e),
                    "\(block): '\(line)' did not print:\n\(e)\n--- it printed:\n\(r.stdout)\(r.stderr)")
            }
        }
    }

    /// Shell words: blanks separate, single and double quotes group.
    static func words(_ s: String) -> [String] {
        var out: [String] = []
        var word = ""
        var quote: Character?
        var inWord = false
        for ch in s {
            if let q = quote {
                if ch == q { quote = nil } else { word.append(ch) }
            } else if ch == "'" || ch == "\"" {
                quote = ch
                inWord = true
            } else if ch == " " || ch == "\t" {
                if inWord { out.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(ch)
                inWord = true
            }
        }
        if inWord { out.append(word) }
        return out
    }

    /// Every relative link `[text](path)` of a page leads to a file or folder of the repository.
    @Test(arguments: pages)
    func relativeLinksResolve(_ page: String) throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent(page), encoding: .utf8)
        let regex = try NSRegularExpression(pattern: #"\]\(([^)\s]+)\)"#)
        let folder = Self.root.appendingPathComponent(page).deletingLastPathComponent()
        for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let target = String(text[Range(m.range(at: 1), in: text)!])
            if target.contains("://") || target.hasPrefix("#") || target.hasPrefix("mailto:") { continue }
            let path = String(target.split(separator: "#", maxSplits: 1)[0])
            let url = folder.appendingPathComponent(path).standardizedFileURL
            #expect(
                url.path.hasPrefix(Self.root.standardizedFileURL.path + "/"),
                "\(page) links '\(target)', outside the repository")
            #expect(FileManager.default.fileExists(atPath: url.path), "\(page) links '\(target)', which does not exist")
        }
    }
}
