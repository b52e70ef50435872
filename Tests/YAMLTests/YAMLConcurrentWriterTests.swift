import Testing

@testable import YAML

@Suite struct YAMLConcurrentWriterTests {
    /// Documents of every root kind, including scalars whose style leaves the document open
    /// (`|+`), where libyaml may write `...`.
    static let documents: [YAMLNode] = (0..<1000).map { i in
        let s = TrickyStrings.all[i % TrickyStrings.all.count]
        switch i % 5 {
        case 0: return ["i": .int(i), "s": .string(s)]
        case 1: return [.string(s), .int(i)]
        case 2: return .string(s)
        case 3: return .string(s + "\n\n")
        default: return i % 2 == 0 ? .null : .double(Double(i) / 3)
        }
    }

    @Test(arguments: [2, 3, 8])
    func concurrentOutputIsByteIdentical(_ threads: Int) throws {
        let serial = try YAMLWriter.encode(Self.documents)
        #expect(try YAMLWriter.encode(Self.documents, concurrency: threads) == serial)
        #expect(try YAMLReader().values(from: serial) == Self.documents)
    }

    @Test func smallStreamsAndOneThreadAreSequential() throws {
        let few = Array(Self.documents.prefix(10))
        #expect(try YAMLWriter.encode(few, concurrency: 4) == YAMLWriter.encode(few))
        #expect(try YAMLWriter.encode(Self.documents, concurrency: 1) == YAMLWriter.encode(Self.documents))
        #expect(try YAMLWriter.encode([], concurrency: 4).isEmpty)
    }

    @Test func explicitStartOnTheFirstDocument() throws {
        let writer = try YAMLWriter()
        try writer.writeDocument(["a": 1], explicitStart: true)
        try writer.writeDocument("x")
        #expect(String(decoding: try writer.finish(), as: UTF8.self) == "---\na: 1\n--- x\n")
    }
}
