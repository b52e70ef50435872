import Foundation
import Testing

@testable import YAML

/// The KubeFlower seed files (copied under `Fixtures/`) parse, type as kubectl would, and
/// survive a write/read round trip.
@Suite struct SeedFixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static let files: [String] =
        (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?
        .filter { $0.hasSuffix(".yaml") }.sorted() ?? []

    private func documents(_ name: String) throws -> [YAMLDocument] {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        return try YAMLReader().documents(from: [UInt8](data))
    }

    @Test func fixturesArePresent() {
        #expect(Self.files.count == 6)
    }

    @Test(arguments: files)
    func seedFileParsesAndRoundTrips(_ name: String) throws {
        let values = try documents(name).map(\.root.value)
        #expect(!values.isEmpty)
        #expect(try YAMLReader().values(from: try YAMLWriter.encode(values)) == values)
    }

    @Test func flwrDeployTypes() throws {
        let docs = try documents("flwr-deploy.yaml")
        let root = try #require(docs.first?.root)
        #expect(root["metadata"]?["finalizers"]?.value == .null)
        let client = try #require(root["spec"]?["client"])
        #expect(client["isolation"]?.value == true)
        #expect(client["num_clients"]?.value == 10)
        #expect(client["dataset"]?["download"]?.value == false)
        #expect(client["privacy"]?["budget"]?.value == 0.2)
        let text = try String(contentsOf: Self.directory.appendingPathComponent("flwr-deploy.yaml"), encoding: .utf8)
        let offset = try #require(text.utf8.firstRange(of: "isolation".utf8)).lowerBound
        #expect(
            client.entry("isolation")?.key.start
                == YAMLMark(line: 14, column: 5, offset: text.utf8.distance(from: text.utf8.startIndex, to: offset)))
    }

    @Test func subnetsAndAttachments() throws {
        let docs = try documents("networks-subnets-deploy.yaml")
        #expect(docs.count == 19)
        #expect(docs[0].root["spec"]?["namespaces"]?.value == .sequence((1...10).map { .string("ns\($0)") }))
        #expect(docs[0].root["spec"]?["private"]?.value == true)
        let config = try #require(docs[10].root["spec"]?["config"]?.scalar)
        #expect(config.style == .literal)
        #expect(config.text.hasPrefix("{ \n  \"cniVersion\": \"0.3.0\""))
    }

    @Test func commentedOutKeysAreAbsent() throws {
        let root = try #require(try documents("networks-gateway_test.yaml").first?.root)
        #expect(root["spec"]?["gateway"] == nil)
        #expect(root["spec"]?["natOutgoingPolicyRules"]?.items?.first?["match"]?["srcIPs"]?.value == "10.18.1.0/28")
    }
}
