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

    /// The Dockerfile builds kfc with the flags of scripts/release-build (release included), the
    /// build the suite tests as its static kfc, the quick start runs and the benchmarks time, and
    /// copies that binary.
    @Test func theRecipeBuildsWhatTheSuiteBuilds() throws {
        let all = try Self.instructions()
        let build = try #require(all.first { $0.keyword == "RUN" && $0.text.contains("swift build") })
        let recipe = try #require(build.text.components(separatedBy: " && ").first)
        let helper = try String(contentsOfFile: Self.root + "/scripts/release-build", encoding: .utf8)
        let release = try #require(helper.split(separator: "\n").first { $0.hasPrefix("swift build") })
        #expect(
            recipe.trimmingCharacters(in: .whitespaces)
                == release.replacingOccurrences(of: " --scratch-path .build-static >&2", with: ""))
        #expect(release.hasSuffix("--scratch-path .build-static >&2"))
        #expect(helper.hasSuffix("echo \"$PWD/.build-static/release/kfc\"\n"))
        #expect(build.text.contains("cp .build/release/kfc /out/kfc"))
        let script = try String(contentsOfFile: Self.root + "/scripts/test", encoding: .utf8)
        #expect(script.contains("static_kfc=\"$(bash scripts/release-build)\""))
        #expect(
            script.contains("KFC_EXPECT_STATIC_BINARY=1 KFC_STATIC_BINARY=\"$static_kfc\" swift test --skip-build"))
        // The quick start and the benchmarks run that binary, not another release build.
        for path in [
            "scripts/quickstart", "bench/e2e/kubeflower.sh", "bench/e2e/peers.sh", "bench/e2e/check.sh",
            "bench/e2e/build.sh", "bench/lsp/run.sh", "bench/runtime/run.sh",
        ] {
            let text = try String(contentsOfFile: Self.root + "/" + path, encoding: .utf8)
            #expect(text.contains("$(bash scripts/release-build)"), "\(path)")
            #expect(!text.contains("swift build -c release --product kfc"), "\(path)")
        }
    }

    /// The recipe's own `ldd | awk` (the libraries copied beside kfc), run on the given binary.
    static func librariesTheRecipeCopies(_ binary: String) throws -> [String] {
        let build = try #require(try instructions().first { $0.keyword == "RUN" && $0.text.contains("swift build") })
        // From `ldd /out/kfc` to the `| xargs` that copies: the awk program has an `&&` of its own.
        let start = try #require(build.text.range(of: "ldd /out/kfc"))
        let end = try #require(build.text.range(of: " | xargs", range: start.upperBound..<build.text.endIndex))
        let command = String(build.text[start.lowerBound..<end.lowerBound])
            .replacingOccurrences(of: "/out/kfc", with: binary)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = ["-o", "pipefail", "-c", command]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(command)")
        return text.split(separator: "\n").map(String.init)
    }

    /// The static kfc scripts/test builds (KFC_STATIC_BINARY, with KFC_EXPECT_STATIC_BINARY=1),
    /// the one the image copies and the manifest harness runs: it loads no Swift library; every
    /// library it loads is either one the distroless `cc` image has or one the recipe copies
    /// beside it; and it runs (`--version`, `check`).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["KFC_EXPECT_STATIC_BINARY"] == "1"))
    func theStaticBinaryLinksTheSwiftRuntimeStatically() throws {
        let kfc = try #require(BinaryRunner.staticBinary, "KFC_STATIC_BINARY names no executable")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        p.arguments = [kfc.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let loaded = text.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            return words.count >= 3 && words[1] == "=>" ? String(words[2]) : nil
        }
        for swift in ["libswift", "libFoundation", "libdispatch", "libBlocksRuntime", "lib_Foundation"] {
            #expect(!loaded.contains { $0.contains(swift) }, "\(text)")
        }
        let copied = try Self.librariesTheRecipeCopies(kfc.path)
        let base = ["libc.so", "libm.so", "libgcc_s.so", "libstdc++.so"]
        for lib in loaded {
            let name = (lib as NSString).lastPathComponent
            #expect(copied.contains(lib) || base.contains { name.hasPrefix($0) }, "the image would lack \(lib)")
        }
        #expect(copied.contains { $0.contains("libjq") } && copied.contains { $0.contains("libyaml") })
        let version = try BinaryRunner.run(["--version"], binary: kfc)
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == KFC.version)
        let check = try BinaryRunner.run(["check", Self.root + "/examples/digits/topology.kf"], binary: kfc)
        #expect(check.status == 0, "\(check.stderr)")
    }
}
