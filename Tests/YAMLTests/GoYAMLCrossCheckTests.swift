import Foundation
import Testing

@testable import YAML

/// Reads the writer's output with go-yaml v2 (kubectl's decoder), go-yaml v3 and
/// sigs.k8s.io/yaml (kubectl's YAML-to-JSON), through `GoYAMLCheck/main.go`.
///
/// Needs `go` and Debian's Go sources (`apt-get install golang-go golang-gopkg-yaml.v2-dev
/// golang-gopkg-yaml.v3-dev golang-k8s-sigs-yaml-dev`); skipped when they are absent (scripts/test installs them, so CI runs it).
@Suite struct GoYAMLCrossCheckTests {
    static let gopath = "/usr/share/gocode"
    static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("GoYAMLCheck")

    static let available: Bool = {
        let fm = FileManager.default
        return fm.isExecutableFile(atPath: "/usr/bin/go")
            && ["gopkg.in/yaml.v2", "gopkg.in/yaml.v3", "sigs.k8s.io/yaml"].allSatisfy {
                fm.fileExists(atPath: "\(gopath)/src/\($0)")
            }
    }()

    @Test(.enabled(if: available, "go and Debian's go-yaml sources are absent; skipping the go-yaml cross-check"))
    func goYAMLReadsEveryDocumentBack() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/go")
        process.arguments = ["run", "."]
        process.currentDirectoryURL = Self.checker
        var environment = ProcessInfo.processInfo.environment
        environment["GOPATH"] = Self.gopath
        environment["GO111MODULE"] = "off"
        environment["GOFLAGS"] = ""
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let bytes = try CrossCheckCorpus.checkerInput(CrossCheckCorpus.all)
        let writer = Thread {
            input.fileHandleForWriting.write(Data(bytes))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.hasSuffix("mismatches 0\n"), "\(text)")
    }
}
