import Foundation
import Testing

@testable import kfc

/// What can be checked of `deploy/Dockerfile` without a container engine: it parses (hadolint,
/// and our own reading of its instructions), it builds the static binary that the test suite
/// builds and runs, and the image it describes is the one the manifests name.
struct DockerfileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let path = root + "/deploy/Dockerfile"

    /// One instruction: keyword and its text, continuation lines joined.
    struct Instruction: Equatable {
        var keyword: String
        var text: String
    }

    static func instructions() throws -> [Instruction] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out: [Instruction] = []
        var pending = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if pending.isEmpty && (line.isEmpty || line.hasPrefix("#")) { continue }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            let full = pending + line
            pending = ""
            let keyword = String(full.prefix { !$0.isWhitespace })
            out.append(
                Instruction(keyword: keyword, text: full.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)))
        }
        #expect(pending.isEmpty, "a continuation line ends the file")
        return out
    }

    @Test func hadolintAcceptsIt() throws {
        let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map {
            "\($0)/hadolint"
        }
        guard let hadolint = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            // scripts/install-deps --test installs it; CI must have it.
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "hadolint is not installed")
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: hadolint)
        p.arguments = ["--no-color", Self.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(text)")
    }

    @Test func itBuildsTheStaticBinaryAndRunsItAsNonRoot() throws {
        let all = try Self.instructions()
        let known: Set = ["FROM", "ARG", "RUN", "COPY", "WORKDIR", "ENV", "USER", "ENTRYPOINT", "SHELL", "LABEL"]
        #expect(all.allSatisfy { known.contains($0.keyword) }, "\(all.map(\.keyword))")
        let froms = all.filter { $0.keyword == "FROM" }
        #expect(froms.count == 2)
        #expect(froms.first?.text.hasSuffix("AS build") == true)
        let build = try #require(all.first { $0.keyword == "RUN" && $0.text.contains("swift build") })
        #expect(build.text.contains("-c release"))
        #expect(build.text.contains("--product kfc"))
        #expect(build.text.contains("--static-swift-stdlib"))
        let final = all.drop { $0 != froms.last! }
        #expect(final.contains(Instruction(keyword: "USER", text: "\(65532):\(65532)")))
        #expect(final.contains { $0.keyword == "COPY" && $0.text == "--from=build /out/kfc /usr/local/bin/kfc" })
        #expect(final.last == Instruction(keyword: "ENTRYPOINT", text: "[\"/usr/local/bin/kfc\"]"))
        // The tag the recipe documents is the manifests' default image.
        let header = try String(contentsOfFile: Self.path, encoding: .utf8)
        #expect(header.contains("tagged \(DefaultImage.reference)"))
    }

    /// scripts/test relinks the test suite's kfc with --static-swift-stdlib, as the recipe does,
    /// and sets KFC_EXPECT_STATIC_BINARY=1: the binary the end-to-end tests run is then the
    /// static one the image copies.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KFC_EXPECT_STATIC_BINARY"] == "1"))
    func theTestSuitesBinaryLinksTheSwiftRuntimeStatically() throws {
        let kfc = try #require(BinaryRunner.binary)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        p.arguments = [kfc.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(!text.contains("libswiftCore"), "\(text)")
        #expect(!text.contains("libFoundation"), "\(text)")
        let version = try BinaryRunner.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == KFC.version)
    }
}
