import Foundation
import Testing

@testable import YAML

/// ``RepeatedBlocks``: the plain composer gets a repeated block's value again instead of reading
/// it again. Wherever that happens the values must be the full reader's (the same comparison as
/// every other stream of ``YAMLBlockParserTests``), and it must happen where a manifest folder
/// repeats itself, or the tests below would pass with the reuse switched off.
@Suite struct RepeatedBlocksTests {
    /// The plain composer's values of `text` and how many blocks it replayed; nil values when
    /// the direct path handed the stream over.
    static func read(_ text: String, limits: YAMLReader.Limits = .init()) -> (values: [YAMLNode]?, replayed: Int) {
        let bytes = Array(text.utf8)
        var sink = YAMLValueComposer(limits: limits, allowsDuplicateKeys: false)
        let read = YAMLBlockParser.read(bytes, into: &sink)
        return (read ? sink.documents : nil, sink.replayedBlocks)
    }

    private func expectSame(_ text: String, replayed: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = YAMLBlockParserTests.compare(Array(text.utf8))
        #expect(
            outcome.difference == nil, "\(text.debugDescription): \(outcome.difference ?? "")",
            sourceLocation: sourceLocation)
        if let replayed {
            let r = Self.read(text)
            #expect(r.values != nil, "\(text.debugDescription) was handed over", sourceLocation: sourceLocation)
            #expect(
                r.replayed == replayed, "\(text.debugDescription): \(r.replayed) replayed",
                sourceLocation: sourceLocation)
        }
    }

    /// A manifest's shape, twice: every block of the second document that is the first's
    /// again is replayed (the largest ones whole), and the values are libyaml's.
    @Test func aRepeatedDocumentsBlocksAreReplayed() {
        // Each document ends with `status`, so that each block is followed alike.
        let doc = """
            kind: Job
            metadata:
              labels:
                app: x
                role: client
            spec:
              securityContext:
                runAsNonRoot: true
                seccompProfile:
                  type: RuntimeDefault
              containers:
              - name: c
                ports:
                - containerPort: 80
                  protocol: TCP
                env: []
              volumes:
              - name: data
                hostPath:
                  path: /data
            status: {}

            """
        // The second document's `metadata` and `spec` values are the first's.
        expectSame(doc + "---\n" + doc, replayed: 2)
        // A third: again.
        expectSame(doc + "---\n" + doc + "---\n" + doc, replayed: 4)
        // One label differs: `labels` is read again, the blocks of `spec` are not.
        let other = doc.replacingOccurrences(of: "role: client", with: "role: server")
        expectSame(doc + "---\n" + other, replayed: 1)
        // The volume's path differs: `spec` is read, its security context and containers are not.
        let path = doc.replacingOccurrences(of: "path: /data", with: "path: /other")
        expectSame(doc + "---\n" + path, replayed: 3)
        // The last block of a document is followed by `---`, of the next by a key: read again.
        let last = "a:\n  b: 1\n"
        expectSame(last + "---\n" + last + "c: 2\n", replayed: 0)
    }

    /// The same bytes in another context are not the same block: another column, another
    /// depth, another kind, or a token after them that reading looks at differently.
    @Test func theSameBytesElsewhereAreReadAgain() {
        // Under keys at different columns: the lines' bytes differ (their indentation).
        expectSame("a:\n  b:\n    c: 1\nd:\n  e:\n    b:\n      c: 1\n", replayed: 0)
        // The same lines at another depth: a mapping in a sequence item's mapping.
        expectSame("a:\n- x:\n    k: 1\n    l: 2\nb:\n  x:\n    k: 1\n    l: 2\n")
        // An item's content, then the same line as a mapping's nested value.
        expectSame("- k: 1\n  l: 2\n- k: 1\n  l: 2\nz:\n  k: 1\n  l: 2\n")
        // An empty flow collection followed by a token at another column: the first is fine,
        // the second would be an error (`[]` then a more indented line), and is handed over.
        expectSame("a:\n  - []\n  - []\nb: 1\n")
        expectSame("a:\n  - []\n  - []\n   c: 1\n")
        #expect(Self.read("a:\n  - []\n  - []\n   c: 1\n").values == nil)
        // A block then `---`, then the same block then a key.
        expectSame("a:\n  b: 1\n---\na:\n  b: 1\nc: 2\n", replayed: 0)
        // The same block twice, each followed by the same kind of token: replayed.
        expectSame("x:\n  b: 1\ny:\n  b: 1\nz: 3\n", replayed: 1)
        // Indentless sequences: the same items ended by a key at their column (replayed), then
        // by a key to the left (read again), then at column 0 (other bytes).
        expectSame("a:\n  k:\n  - 1\n  - 2\n  l:\n  - 1\n  - 2\n  m: 0\nb:\n- 1\n- 2\n", replayed: 1)
        expectSame("a:\n  k:\n  - 1\n  - 2\n  l:\n  - 1\n  - 2\nb:\n- 1\n- 2\n", replayed: 0)
    }

    /// Blank lines and comments in a block and after it, and literal scalars at a block's end,
    /// whose reading looks at the next line's indentation.
    @Test func blankLinesCommentsAndLiteralsAtABlocksEdge() {
        expectSame("a:\n  b: 1\n\n  c: 2\nd:\n  b: 1\n\n  c: 2\ne: 3\n", replayed: 1)
        expectSame("a:\n  b: 1 # one\n  # two\nc:\n  b: 1 # one\n  # two\nd: 3\n", replayed: 1)
        expectSame("a:\n  b: 1\n\nc:\n  b: 1\n\n\nd: 3\n")
        expectSame("a:\n  t: |\n    x\n\nb:\n  t: |\n    x\n\nc: 1\n", replayed: 1)
        expectSame("a:\n  t: |+\n    x\n\nb:\n  t: |+\n    x\n\n\n")
        expectSame("a:\n  t: |\n    x\n  u: 1\nb:\n  t: |\n    x\n  u: 1\n")
        expectSame("a:\n  t: |-\nb:\n  t: |-\nc: 1\n")
    }

    /// At the stream's end: after a line break the block is the same; without one, the last
    /// block is not recorded, and what follows a replayed block must be where it was.
    @Test func blocksAtTheStreamsEnd() {
        // The first block is followed by a key, the second by the end: read again.
        expectSame("a:\n  b: 1\nc:\n  b: 1\n", replayed: 0)
        expectSame("a:\n  b: 1\nc:\n  b: 1\nd:\n  b: 1\n", replayed: 1)
        expectSame("a:\n  b: 1\nc:\n  b: 1\nd:\n  b: 1", replayed: 1)
        expectSame("a:\n  b: 1\nc:\n  b: 1\n\n\n")
        expectSame("a:\n  b: 1\nc:\n  b: 1\n# end\n")
        expectSame("- - a: 1\n  - a: 1\n- - a: 1\n")
        // A block with the first line of a recorded one, at the end without a line break: it
        // takes the recorded one's entry, and is read.
        expectSame("k:\n  a: 1\n  b: 2\nl: 0\nm:\n  a: 1\n  b: 3", replayed: 0)
        expectSame("- a: 1\n  b: 2\n- a: 1\n  b: 3", replayed: 0)
    }

    /// A repeated block with a repeated key is refused where it is first read, and the stream
    /// goes to the full reader, whose error it is.
    @Test func aRepeatedKeyInARepeatedBlockIsTheFullReadersError() throws {
        let text = "a:\n  b: 1\n  b: 2\nc:\n  b: 1\n  b: 2\n"
        #expect(Self.read(text).values == nil)
        #expect(throws: YAMLError.self) { try YAMLReader().values(from: text) }
    }

    /// A replayed block counts its nodes toward the document's limit, as reading it would: a
    /// document under the limit only without its replays is refused.
    @Test func replayedNodesCountTowardTheLimit() {
        let block = "  k1: 1\n  k2: 2\n  k3: 3\n  k4: 4\n"
        let text = "a:\n" + block + "b:\n" + block + "c:\n" + block + "d: 0\n"
        // The root, 4 keys, d's value and 3 mappings of 4 entries: 1 + 4 + 1 + 3 * 9 = 33
        // nodes, 18 of them in the two replayed blocks.
        #expect(Self.read(text, limits: .init(maxDocumentNodes: 33)).values != nil)
        #expect(Self.read(text, limits: .init(maxDocumentNodes: 33)).replayed == 2)
        #expect(Self.read(text, limits: .init(maxDocumentNodes: 32)).values == nil)
        #expect(Self.read(text, limits: .init(maxDocumentNodes: 20)).values == nil)
    }

    /// A stream nested deep whose levels all repeat the previous copy's but for its innermost
    /// line: each level's block is compared with the recorded one up to that line. The bytes
    /// compared stay within four times the stream's size (past that, blocks are read), and
    /// the values are the full reader's.
    @Test func comparisonsStayWithinFourTimesTheStream() {
        let depth = 60
        func block(_ k: Int, _ v: Int) -> String {
            let indent = String(repeating: "  ", count: k)
            return k == depth ? indent + "x: \(v)\n" : indent + "a:\n" + block(k + 1, v) + indent + "z: 1\n"
        }
        let text = (0..<40).map { "k\($0):\n" + block(1, $0 % 2) }.joined()
        let bytes = Array(text.utf8)
        var sink = YAMLValueComposer(limits: .init(), allowsDuplicateKeys: false)
        let outcome = YAMLBlockParser.readCountingComparisons(bytes, into: &sink)
        #expect(outcome.read)
        #expect(outcome.compared <= 4 * bytes.count, "\(outcome.compared) bytes compared for \(bytes.count)")
        // Without the budget the comparisons would pass it: it was spent.
        #expect(outcome.compared > 3 * bytes.count, "\(outcome.compared) bytes compared for \(bytes.count)")
        #expect(YAMLBlockParserTests.compare(bytes).difference == nil)
        // A manifest-like stream spends far less.
        let job = "spec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n"
        let jobs = Array((0..<50).map { "---\nname: j\($0)\n" + job + "status: {}\n" }.joined().utf8)
        var jobSink = YAMLValueComposer(limits: .init(), allowsDuplicateKeys: false)
        let jobOutcome = YAMLBlockParser.readCountingComparisons(jobs, into: &jobSink)
        #expect(jobOutcome.read && jobOutcome.compared <= jobs.count, "\(jobOutcome.compared) for \(jobs.count)")
        #expect(jobSink.replayedBlocks == 49)
    }

    /// Generated documents whose values repeat under other keys and as sequence items, each
    /// stream then edited at random points: every stream the direct path reads gives the full
    /// reader's values, and the repeats are replayed.
    @Test func repeatedAndEditedStreamsMatchLibYAML() throws {
        let pieces = [" ", "  ", "\n", ": ", "- ", "#", " #", "'", "|", "|-", "[]", "---\n", "a", "\n  ", "\n- "]
        var random = SplitMix64(seed: 7)
        var replayed = 0
        var compared = 0
        for seed in UInt64(1)...200 {
            var g = YAMLTreeGenerator(seed: seed)
            let v = (0..<4).map { _ in g.node(depth: 4, ascii: true) }
            let root = YAMLNode.mapping(
                YAMLMapping([
                    ("a", v[0]), ("b", v[1]), ("c", v[0]), ("d", v[2]), ("e", v[1]), ("f", v[3]),
                    ("s", .sequence([v[0], v[1], v[0], v[3], v[3]])), ("z", .int(0)),
                ]))
            let doc = try YAMLWriter.encode([root, root])
            guard YAMLBlockParserTests.compare(doc).covered else { continue }
            replayed += Self.read(String(decoding: doc, as: UTF8.self)).replayed
            for _ in 0..<8 {
                var bytes = doc
                for _ in 0..<(1 + random.below(2)) {
                    let at = random.below(bytes.count)
                    if random.below(3) == 0 {
                        bytes.remove(at: at)
                    } else {
                        bytes.insert(contentsOf: Array(pieces[random.below(pieces.count)].utf8), at: at)
                    }
                }
                let outcome = YAMLBlockParserTests.compare(bytes)
                compared += 1
                #expect(
                    outcome.difference == nil,
                    "\(String(decoding: bytes, as: UTF8.self).debugDescription): \(outcome.difference ?? "")")
            }
        }
        #expect(compared > 500)
        #expect(replayed > 150, "\(replayed) blocks replayed")
    }
}
