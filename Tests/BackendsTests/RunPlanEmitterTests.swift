import Compiler
import Foundation
import IRFixtures
import KFLang
import Privacy
import RunPlan
import Testing

@testable import Backends

@Suite struct RunPlanEmitterTests {
    @Test func planCarriesTheFederation() throws {
        let ir = IRFixtures.kubeflower(n: 4)
        let emitter = RunPlanEmitter(topology: Topology(ir))
        let plan = emitter.plan(of: ir.federations[0], paths: .host)
        #expect(plan.federation == "digits_fl")
        #expect(plan.model == .mlp(hidden: [32]))
        #expect(plan.strategy == .fedavg)
        #expect(plan.rounds == 10 && plan.minClients == 4 && plan.minFit == 4)
        #expect(plan.server.address == ir.federations[0].server.address)
        #expect(plan.server.port == 8080)
        #expect(plan.clients.map(\.id) == ["0", "1", "2", "3"])
        #expect(plan.clients[2].dataset.path == "/data/digits/part-2.csv")
        #expect(plan.clients[2].dataset.scaling == .divide(by: 16))
        #expect(plan.clients[2].samplingRate == 32.0 / 180.0)
        #expect(plan.privacy.unit == .example)
        #expect(plan.privacy.epsilon == 0.7)
        #expect(plan.privacy.noiseMultiplier == 1.1)
        #expect(plan.privacy.ledgerDir == nil)
        // The JSON reads back through the executor's decoder.
        let json = emitter.json(of: ir.federations[0], paths: .host)
        #expect(try RunPlan.decode(from: Data(json.utf8)) == plan)
    }

    /// The accountant the budget proof used is the one the executor's ledgers use.
    @Test(arguments: ["rdp", "pld"])
    func planCarriesTheDeclaredAccountant(accountant: String) throws {
        var ir = IRFixtures.kubeflower(n: 2)
        ir.federations[0].privacy?.accountant = try #require(AccountantKind(rawValue: accountant))
        let plan = RunPlanEmitter(topology: Topology(ir)).plan(of: ir.federations[0], paths: .host)
        #expect(plan.privacy.accountant.rawValue == accountant)
        let json = RunPlanEmitter(topology: Topology(ir)).json(of: ir.federations[0], paths: .host)
        #expect(json.contains(#""accountant" : "\#(accountant)""#) || json.contains(#""accountant":"\#(accountant)""#))
    }

    @Test func containerPlansUseThePodsMountPoints() {
        let ir = IRFixtures.kubeflower(n: 2)
        let plan = RunPlanEmitter(topology: Topology(ir)).plan(of: ir.federations[0], paths: .container)
        #expect(plan.clients[1].dataset.path == "/var/lib/kfc/data/part-1.csv")
        #expect(plan.server.checkpointDir == "/var/lib/kfc/checkpoints")
        #expect(plan.privacy.ledgerDir == "/var/lib/kfc/ledger")
    }

    @Test func strategiesAndModelsMap() {
        let plan = RunPlanEmitter(topology: Topology(IRFixtures.multiSite()))
            .plan(of: IRFixtures.multiSite().federations[0], paths: .host)
        #expect(plan.strategy == .fedprox(mu: 0.01))
        #expect(plan.model.kind == .logisticRegression)
        #expect(plan.privacy.unit == .none)
    }

    @Test func largeFederationsAreShardedAcrossConfigMaps() throws {
        let ir = IRFixtures.kubeflower(n: 1203)
        let shards = RunPlanEmitter(topology: Topology(ir)).shards(of: ir.federations[0])
        #expect(shards.map(\.configMapName) == ["digits-fl-plan-0", "digits-fl-plan-1", "digits-fl-plan-2"])
        #expect(shards.map(\.clientIDs.count) == [500, 500, 203])
        #expect(shards.allSatisfy { $0.json.utf8.count < 1_000_000 })
        let last = try RunPlan.decode(from: Data(shards[2].json.utf8))
        #expect(last.clients.map(\.id) == (1000..<1203).map(String.init))
        // Each client mounts the shard that holds its entry.
        let (p, _) = build(ir, [.k8s])
        let job = try #require(p.object(.job, "digits-fl-client-1100")).body
        let plan = job.podSpec?["volumes"]?.sequence?.first { $0["name"]?.string == "plan" }
        #expect(plan?.at("configMap.name")?.string == "digits-fl-plan-2")
        // The server mounts every shard (its allow-list and sampling need every client).
        let server = try #require(p.object(.deployment, "digits-fl-server")).body
        let sources = try #require(server.podSpec?["volumes"]?[0]?.at("projected.sources")?.sequence)
        #expect(
            sources.map { $0.at("configMap.name")?.string } == [
                "digits-fl-plan-0", "digits-fl-plan-1", "digits-fl-plan-2",
            ])
        #expect(
            sources.map { $0.at("configMap.items.0.path")?.string } == ["plan-0.json", "plan-1.json", "plan-2.json"])
        let args = server.podSpec?.at("containers.0.args")?.sequence?.compactMap(\.string) ?? []
        #expect(
            args.prefix(8) == [
                "exec", "server", "--plan", "/etc/kfc/plan-0.json", "--plan", "/etc/kfc/plan-1.json", "--plan",
                "/etc/kfc/plan-2.json",
            ])
    }

    /// What the policy pass emits for proofs when no rule reads the manifests: the same
    /// objects, in the same order, with the same names and mounts; only the plan ConfigMaps'
    /// `plan.json` is left empty.
    @Test func proofsGetEveryObjectWithoutThePlans() throws {
        let ir = IRFixtures.kubeflower(n: 1203)
        let f = ir.federations[0]
        let emitter = RunPlanEmitter(topology: Topology(ir))
        let full = emitter.shards(of: f)
        let light = emitter.shards(of: f, encoded: false)
        #expect(light.map(\.configMapName) == full.map(\.configMapName))
        #expect(light.map(\.clientIDs) == full.map(\.clientIDs))
        #expect(light.allSatisfy { $0.json.isEmpty } && full.allSatisfy { !$0.json.isEmpty })
        #expect(
            emitter.shards(of: IRFixtures.kubeflower(n: 3).federations[0], encoded: false).map(\.configMapName) == [
                "digits-fl-plan"
            ])

        let complete = Emitter().emit(ir, targets: [.k8s, .kubeOVN], sink: DiagnosticSink()).manifests
        let forProofs = Emitter(planData: false).emit(ir, targets: [.k8s, .kubeOVN], sink: DiagnosticSink()).manifests
        #expect(forProofs.map(\.kind) == complete.map(\.kind))
        #expect(forProofs.map(\.namespace) == complete.map(\.namespace))
        #expect(forProofs.map(\.name) == complete.map(\.name))
        #expect(complete.filter { $0.kind == ManifestKind.configMap }.count == 3)
        for (a, b) in zip(complete, forProofs) {
            if a.kind == ManifestKind.configMap {
                #expect(b.body.at("data")?["plan.json"]?.string == "")
                var stripped = a.body.mapping!
                stripped["data"] = ["plan.json": ""]
                #expect(b.body == .mapping(stripped))
            } else {
                #expect(a.body == b.body)
            }
        }
    }

    @Test func unsolvedNoiseIsAWarning() {
        var ir = IRFixtures.kubeflower(n: 2)
        ir.federations[0].privacy?.solvedNoise = nil
        let (_, diagnostics) = build(ir, [.plan])
        #expect(diagnostics.map(\.code) == ["KF5005"])
        #expect(build(IRFixtures.kubeflower(n: 2), [.plan]).1.isEmpty)
    }
}
