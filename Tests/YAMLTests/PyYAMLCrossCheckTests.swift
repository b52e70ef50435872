import Foundation
import Testing

@testable import YAML

/// Reads the writer's output with PyYAML (YAML 1.1, both its pure-Python and libyaml-backed
/// loaders) and checks that every value comes back with the same type and value.
@Suite struct PyYAMLCrossCheckTests {
    static let python = PythonRunner()

    /// Compares each YAML document (stdin after the first line) with the JSON value on the
    /// first line, type-strictly (Python's `True == 1` would hide a bool read as an int).
    static let compareScript = """
        import json, math, sys, yaml
        def same(a, b):
            if type(a) is not type(b): return False
            if isinstance(a, float): return a == b or (math.isnan(a) and math.isnan(b))
            if isinstance(a, list): return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
            if isinstance(a, dict): return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
            return a == b
        data = sys.stdin.buffer.read().decode('utf-8')
        first, _, text = data.partition('\\n')
        expected = json.loads(first)
        loaders = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, 'CSafeLoader') else [])
        bad = 0
        for loader in loaders:
            got = list(yaml.load_all(text, Loader=loader))
            if len(got) != len(expected):
                print(loader.__name__, 'documents', len(got), 'expected', len(expected)); bad += 1; continue
            for g, e in zip(got, expected):
                if not same(g, e):
                    bad += 1
                    print(loader.__name__, 'got', repr(g), 'expected', repr(e))
        print('mismatches', bad)
        """

    private func check(_ docs: [YAMLNode]) throws {
        let output = try Self.python.run(script: Self.compareScript, stdin: try CrossCheckCorpus.checkerInput(docs))
        #expect(output.hasSuffix("mismatches 0\n"), "\(output)")
    }

    /// Checks that PyYAML reads `yaml` as `docs`.
    private func check(_ docs: [YAMLNode], against yaml: [UInt8]) throws {
        var input = YAMLNode.sequence(docs).jsonBytes()
        input.append(UInt8(ascii: "\n"))
        input += yaml
        let output = try Self.python.run(script: Self.compareScript, stdin: input)
        #expect(output.hasSuffix("mismatches 0\n"), "\(output)")
    }

    /// Plain scalars PyYAML and go-yaml type alike; the reader must agree with both. (Where they
    /// differ — `y`/`n`, `0o17`, `1e3`, `08`, `1:20`, dates — the reader follows go-yaml. JSON
    /// cannot carry `.inf`/`.nan`; `plainScalarTyping` covers them.)
    static let agreedPlainScalars = [
        "~", "null", "Null", "NULL", "", "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "false",
        "False", "no", "NO", "off", "OFF", "0", "42", "-17", "+5", "1_000", "0x1F", "-0x10", "0755", "0b101",
        "1.5", "-0.25", ".5", "1.", "1.5e+3", "1_000.5", "1.2.3", "500m", "alpine:3.17",
        "tRUE", "inf", "0x", "e3",
    ]

    @Test(.enabled(if: python.hasPyYAML, "python3 with PyYAML is not installed; skipping the PyYAML cross-check"))
    func readerTypesPlainScalarsLikePyYAML() throws {
        let text = Self.agreedPlainScalars.map { "- \($0)\n" }.joined()
        try check(try YAMLReader().values(from: text), against: Array(text.utf8))
    }

    @Test(
        .enabled(if: python.hasPyYAML, "python3 with PyYAML is not installed; skipping the PyYAML cross-check"),
        arguments: SeedFixtureTests.files)
    func readerTypesSeedFilesLikePyYAML(_ name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: SeedFixtureTests.directory.appendingPathComponent(name)))
        try check(try YAMLReader().values(from: bytes), against: bytes)
    }

    @Test(.enabled(if: python.hasPyYAML, "python3 with PyYAML is not installed; skipping the PyYAML cross-check"))
    func trickyStringsReadBackAsStrings() throws {
        try check(CrossCheckCorpus.trickyStrings)
    }

    @Test(.enabled(if: python.hasPyYAML, "python3 with PyYAML is not installed; skipping the PyYAML cross-check"))
    func generatedStringsReadBackAsStrings() throws {
        try check(CrossCheckCorpus.generatedStrings)
    }

    @Test(.enabled(if: python.hasPyYAML, "python3 with PyYAML is not installed; skipping the PyYAML cross-check"))
    func requestedStylesReadBackAsStrings() throws {
        try check(CrossCheckCorpus.requestedStyles)
    }

    @Test(.enabled(if: python.hasPyYAML, "python3 with PyYAML is not installed; skipping the PyYAML cross-check"))
    func typedScalarsKeepTheirTypes() throws {
        try check(CrossCheckCorpus.typedScalars)
    }

    @Test(.enabled(if: python.hasPyYAML, "python3 with PyYAML is not installed; skipping the PyYAML cross-check"))
    func specialDoublesAreFloats() throws {
        let text = try YAMLWriter.encode([[.double(.infinity), .double(-.infinity), .double(.nan)]])
        let output = try Self.python.run(
            script: "import sys, yaml; print(repr(yaml.safe_load(sys.stdin.read())))", stdin: text)
        #expect(output == "[inf, -inf, nan]\n")
    }
}

/// Runs `python3 -c` with bytes on stdin; knows whether PyYAML is importable.
struct PythonRunner: Sendable {
    let hasPyYAML: Bool

    init() {
        hasPyYAML = (try? Self.execute(script: "import yaml", stdin: [])) != nil
    }

    func run(script: String, stdin: [UInt8]) throws -> String { try Self.execute(script: script, stdin: stdin) }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static func execute(script: String, stdin: [UInt8]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        // Write stdin from another thread so a large input cannot deadlock against a full pipe.
        let writer = Thread {
            input.fileHandleForWriting.write(Data(stdin))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw Failure(description: text) }
        return text
    }
}
