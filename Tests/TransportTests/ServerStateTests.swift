import FLExec
import Foundation
import RunPlan
import Testing

@testable import Transport

/// `ServerState` files: written whole, read back exactly, refused when they belong to another
/// plan (KF3112) or cannot be a state of this one (KF3113).
struct ServerStateTests {
    func state(_ plan: RunPlan, round: Int) throws -> ServerState {
        let network = Network(spec: plan.model, features: 4, classes: 3)
        var server = try ServerRole(plan: plan, network: network, ledgerDirectory: nil)
        var snapshot = server.snapshot
        snapshot.round = round
        try server.restore(snapshot)
        return ServerState(
            planHash: ServerState.planHash(plan), federation: plan.federation, sizes: network.sizes,
            server: server.snapshot, ledger: nil, clientEpsilon: ["client-0": 0.25], exhausted: [], metrics: [])
    }

    @Test func aStateReadsBackExactlyAndLeavesNoTemporaryFile() throws {
        let dir = temporaryDirectory()
        let plan = digitsPlan()
        #expect(try ServerState.load(from: dir, plan: plan) == nil)
        let saved = try state(plan, round: 2)
        try saved.save(to: dir)
        #expect(try ServerState.load(from: dir, plan: plan) == saved)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == [ServerState.fileName])
    }

    @Test func aStateOfAnotherPlanIsKF3112() throws {
        let dir = temporaryDirectory()
        let plan = digitsPlan()
        try state(plan, round: 1).save(to: dir)
        var other = plan
        other.clients[0].train.lr *= 2
        #expect(ServerState.planHash(other) != ServerState.planHash(plan))
        let path = (dir as NSString).appendingPathComponent(ServerState.fileName)
        let error = ServerState.LoadError.planChanged(
            path: path, saved: ServerState.planHash(plan), current: ServerState.planHash(other))
        #expect(throws: error) { try ServerState.load(from: dir, plan: other) }
        #expect(error.code == "KF3112")
        #expect(error.description.contains(ServerState.planHash(plan)))
        #expect(error.help.contains("fresh --state folder"))
    }

    @Test func aStateThatCannotBeThisPlansIsKF3113() throws {
        let dir = temporaryDirectory()
        let plan = digitsPlan(rounds: 3)
        let path = (dir as NSString).appendingPathComponent(ServerState.fileName)
        // Past the plan's last round.
        try state(plan, round: 4).save(to: dir)
        #expect(throws: ServerState.LoadError.self) { try ServerState.load(from: dir, plan: plan) }
        // Weights that do not fit the layer widths.
        var wrong = try state(plan, round: 1)
        wrong.sizes = [5, 3]
        try wrong.save(to: dir)
        #expect(throws: ServerState.LoadError.self) { try ServerState.load(from: dir, plan: plan) }
        // Not a state at all.
        try Data("{\"version\":1}".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try ServerState.load(from: dir, plan: plan)
            Issue.record("an unreadable state was loaded")
        } catch {
            #expect(error.code == "KF3113")
        }
    }
}
