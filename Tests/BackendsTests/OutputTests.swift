import Compiler
import Foundation
import IRFixtures
import Testing
import YAML

@testable import Backends

@Suite struct OutputTests {
    @Test func outputIsSortedByKindThenNamespaceThenName() {
        let (p, _) = build(IRFixtures.multiSite(), Set(BuildTarget.allCases))
        let keys = p.manifests.map { ($0.kind.rawValue, $0.namespace ?? "", $0.name) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(p.manifests.first?.kind == .namespace)
        #expect(p.manifests.last?.kind == .flDeployment)
    }

    /// The parts' manifests, each in output order, merged: the order a stable sort of their
    /// concatenation gives, equal keys (a missing namespace is the empty one) in part order.
    @Test func mergingTheTargetsPartsIsAStableSortOfTheirConcatenation() {
        var rng = SystemRandomNumberGenerator()
        let kinds: [ManifestKind] = [.namespace, .subnet, .job, .service]
        for _ in 0..<50 {
            let parts = (0..<Int.random(in: 1...4, using: &rng)).map { p in
                let manifests = (0..<Int.random(in: 0...12, using: &rng)).map { i in
                    Manifest(
                        kinds.randomElement(using: &rng)!, name: ["a", "b", "c"].randomElement(using: &rng)!,
                        namespace: [nil, "", "x"].randomElement(using: &rng)!,
                        fields: [("part", .int(p)), ("index", .int(i))])
                }
                return BuildProducts.outputOrder(manifests[...]).map { manifests[$0] }
            }
            let all = parts.flatMap { $0 }
            let sorted = BuildProducts.outputOrder(all[...]).map { all[$0] }
            #expect(Emitter.Emitted.merged(parts) == sorted)
        }
    }

    @Test func sameInputSameBytes() throws {
        let a = try build(IRFixtures.multiSite(), Set(BuildTarget.allCases)).0.files()
        let b = try build(IRFixtures.multiSite(), Set(BuildTarget.allCases)).0.files()
        #expect(a == b)
        let s1 = try build(IRFixtures.kubeflower(n: 50)).0.yamlStream()
        let s2 = try build(IRFixtures.kubeflower(n: 50)).0.yamlStream()
        #expect(s1 == s2)
    }

    @Test func folderHasOneFilePerKindAndAKustomization() throws {
        let (p, _) = build(IRFixtures.multiSite(), [.k8s, .kubeOVN, .plan])
        let files = try p.files()
        #expect(
            files.map(\.path) == [
                "configmaps.yaml", "deployments.yaml", "genomics-fl.plan.json", "iptables-eips.yaml",
                "iptables-snat-rules.yaml", "jobs.yaml", "kustomization.yaml", "namespaces.yaml",
                "networkpolicies.yaml",
                "persistentvolumeclaims.yaml", "persistentvolumes.yaml", "poddisruptionbudgets.yaml",
                "serviceaccounts.yaml", "services.yaml", "subnets.yaml", "vpc-nat-gateways.yaml", "vpcs.yaml",
                "xray-fl.plan.json",
            ])
        let kustomization = try #require(files.first { $0.path == "kustomization.yaml" })
        let doc = try YAMLReader().values(from: kustomization.bytes)
        #expect(doc.first?["kind"]?.string == "Kustomization")
        // Resources in apply order: namespaces first, networking before workloads.
        #expect(
            doc.first?["resources"] == [
                "namespaces.yaml", "vpcs.yaml", "subnets.yaml", "vpc-nat-gateways.yaml", "iptables-eips.yaml",
                "iptables-snat-rules.yaml", "serviceaccounts.yaml", "configmaps.yaml", "persistentvolumes.yaml",
                "persistentvolumeclaims.yaml", "networkpolicies.yaml", "services.yaml", "deployments.yaml", "jobs.yaml",
                "poddisruptionbudgets.yaml",
            ])
    }

    @Test(arguments: [1, 5, 1000, BuildProducts.FileBatches.documentsPerBatch])
    func theFilesInBatchesArePlansFirstThenWholeKindsThenTheKustomization(documentsPerBatch: Int) throws {
        let (p, _) = build(IRFixtures.multiSite(), [.k8s, .kubeOVN, .plan])
        var batches = p.fileBatches(documentsPerBatch: documentsPerBatch)
        var all: [[BuildProducts.OutputFile]] = []
        while let batch = try batches.next() { all.append(batch) }
        #expect(try batches.next() == nil)
        #expect(all.first?.map(\.path) == ["genomics-fl.plan.json", "xray-fl.plan.json"])
        #expect(all.last?.map(\.path) == ["kustomization.yaml"])
        #expect(all.flatMap { $0 }.sorted { $0.path < $1.path } == (try p.files()))
        // A kind is never split between batches; a batch closes once it has enough documents.
        let kinds = all.dropFirst().dropLast()
        #expect(kinds.flatMap { $0 }.count == 15)
        if documentsPerBatch == 1 { #expect(kinds.allSatisfy { $0.count == 1 }) }
        if documentsPerBatch >= 1000 { #expect(kinds.count == 1) }
    }

    @Test func chunkedParallelEncodingGivesTheBytesOfOneWriter() throws {
        // More documents than one chunk holds, so several writers run and are joined.
        let (p, _) = build(IRFixtures.kubeflower(n: 700), [.k8s])
        #expect(p.manifests.count > BuildProducts.documentsPerChunk)
        let single = try YAMLWriter.encode(p.manifests.map(\.body))
        #expect(try p.yamlStream() == single)
        let jobs = p.objects(.job)
        #expect(try p.files().first { $0.path == "jobs.yaml" }?.bytes == YAMLWriter.encode(jobs.map(\.body)))
    }

    @Test func aKindLargerThanAFileHoldsIsSplitBetweenDocumentsIntoNumberedParts() throws {
        let (p, _) = build(IRFixtures.kubeflower(n: 40), [.k8s])
        let whole = try p.files()
        let jobs = try #require(whole.first { $0.path == "jobs.yaml" })
        let limit = jobs.bytes.count / 7
        let files = try p.files(maxFileBytes: limit)
        let parts = files.filter { $0.path.hasPrefix("jobs-") }
        #expect(parts.count >= 7 && parts.count <= 14)
        #expect(
            parts.map(\.path)
                == parts.indices.map { i in
                    let n = String(i + 1)
                    return "jobs-" + String(repeating: "0", count: 4 - n.count) + n + ".yaml"
                })
        #expect(!files.contains { $0.path == "jobs.yaml" })
        // Each part is at most the limit, a stream of whole documents of its own, and the parts
        // in order are the kind's documents in order.
        var documents: [YAMLNode] = []
        for part in parts {
            #expect(part.bytes.count <= limit)
            #expect(!part.bytes.starts(with: Array("---".utf8)))
            documents += try YAMLReader().values(from: part.bytes)
        }
        #expect(documents == p.objects(.job).map(\.body))
        // Kinds that fit stay one file, and the kustomization lists every part in order.
        #expect(files.first { $0.path == "services.yaml" } == whole.first { $0.path == "services.yaml" })
        let kustomization = try #require(files.first { $0.path == "kustomization.yaml" })
        let resources = try YAMLReader().values(from: kustomization.bytes).first?["resources"]?.sequence ?? []
        let jobResources = resources.compactMap(\.string).filter { $0.hasPrefix("jobs") }
        #expect(jobResources == parts.map(\.path))
    }

    @Test func aDocumentLargerThanAFileHoldsIsAPartOfItsOwn() {
        let stream = Array("a: 1\n---\nb: 22222222222222222222\n---\nc: 3\n---\nd: 4\n".utf8)
        let starts = [5, 33, 42]
        func parts(_ maxBytes: Int) -> [String] {
            BuildProducts.ChunkedStream.parts(starts: starts, count: stream.count, maxBytes: maxBytes).map {
                String(decoding: stream[$0], as: UTF8.self)
            }
        }
        #expect(parts(20) == ["a: 1\n", "b: 22222222222222222222\n", "c: 3\n---\nd: 4\n"])
        #expect(parts(stream.count) == [String(decoding: stream, as: UTF8.self)])
    }

    @Test func aDocumentStartsAtItsMarkerLineAfterWhatTheDocumentBeforeLeftPending() throws {
        // Where a writer stood before a document is where the document's output begins.
        let writer = try YAMLWriter()
        try writer.writeDocument(["a": .string("x\n\n")])
        let before = writer.writtenByteCount
        try writer.writeDocument(["b": 1])
        let bytes = try writer.finish()
        #expect(BuildProducts.marker(from: before, in: bytes) == before)
        #expect(Array(bytes[before..<(before + 4)]) == Array("---\n".utf8))
        // A `...` line a writer left pending comes first; a `---` inside a line is no marker.
        let pending = Array("a: |+\n  x\n\n...\n---\nb: 1\n".utf8)
        #expect(BuildProducts.marker(from: 11, in: pending) == 15)
        let inline = Array("a: x---\n---\nb: 1\n".utf8)
        #expect(BuildProducts.marker(from: 3, in: inline) == 8)
        // A root scalar's document has no `---` line of its own: no place to cut there.
        #expect(BuildProducts.marker(from: 5, in: Array("a: 1\n--- 5\n".utf8)) == nil)
    }

    @Test func aSplitKindReadsBackAsTheKindsDocumentsWithEveryChunkSize() throws {
        // Parts cut across chunk boundaries take their bytes from several chunks.
        let (p, _) = build(IRFixtures.kubeflower(n: 700), [.k8s])
        let whole = try #require(try p.files().first { $0.path == "jobs.yaml" })
        for limit in [whole.bytes.count / 3, whole.bytes.count / 10, 1] {
            let parts = try p.files(maxFileBytes: limit).filter { $0.path.hasPrefix("jobs-") }
            #expect(parts.count > 1)
            var documents: [YAMLNode] = []
            for part in parts { documents += try YAMLReader().values(from: part.bytes) }
            #expect(documents == p.objects(.job).map(\.body))
        }
    }

    @Test func streamReadsBackAsTheSameObjects() throws {
        let (p, _) = build(IRFixtures.kubeflower(n: 10))
        let docs = try YAMLReader().values(from: try p.yamlStream())
        #expect(docs == p.manifests.map(\.body))
    }

    @Test func targetsSelectWhatIsEmitted() {
        let ovn = build(IRFixtures.kubeflower(n: 3), [.kubeOVN]).0
        #expect(Set(ovn.manifests.map(\.kind)) == [.vpc, .subnet])
        #expect(ovn.plans.isEmpty)
        let plan = build(IRFixtures.kubeflower(n: 3), [.plan]).0
        #expect(plan.manifests.isEmpty)
        #expect(plan.plans.map(\.namespace) == ["digits-fl"])
        let legacy = build(IRFixtures.kubeflower(n: 3), [.legacyCRD]).0
        #expect(legacy.manifests.map(\.kind) == [.flDeployment])
    }

    @Test func targetListParses() throws {
        #expect(try BuildTarget.parseList("k8s,kube-ovn").get() == [.k8s, .kubeOVN])
        #expect(try BuildTarget.parseList("plan, legacy-crd").get() == [.plan, .legacyCRD])
        #expect(BuildTarget.parseList("k8s,ovn") == .failure(.init(names: ["ovn"])))
    }

    @Test func legacyResourceSaysWhatTheCRDCan() throws {
        let (p, _) = build(IRFixtures.kubeflower(n: 10), [.legacyCRD])
        let spec = try #require(p.manifests.first?.body["spec"])
        #expect(spec.at("server.port")?.int == 8080)
        #expect(spec.at("server.nodeName")?.string == "cloud-1")
        #expect(spec.at("server.minClients")?.int == 8)
        #expect(spec.at("server.rounds")?.int == 10)
        #expect(spec.at("client.num_clients")?.int == 10)
        #expect(spec.at("client.isolation")?.bool == true)
        #expect(spec.at("client.dataset.path")?.string == "/data/digits")
        #expect(spec.at("client.privacy.budget")?.double == 0.7)
        // Clients sharing a public zone are not isolated.
        var ir = IRFixtures.multiSite()
        ir.federations[1].clients[1].zone = ir.federations[1].clients[0].zone
        let shared = build(ir, [.legacyCRD]).0.object(.flDeployment, "xray-fl")
        #expect(shared?.body.at("spec.client.isolation")?.bool == false)
    }
}
