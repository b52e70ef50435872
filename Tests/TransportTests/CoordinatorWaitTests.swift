import FLExec
import Foundation
import RunPlan
import Testing

@testable import Transport

/// The server waits for its clients without spinning.
@Suite struct CoordinatorWaitTests {
    /// One of three clients joins; while the coordinator waits for the other two it wakes for
    /// the join and not again. (A cancelled timer once woke the next wait, which cancelled its
    /// own timer in turn: the server spun, starting a task per turn, for as long as it waited.)
    @Test func waitingForClientsIsNotABusyLoop() async throws {
        let plan = digitsPlan(clients: 3, rounds: 1)
        let coordinator = FederationCoordinator(plan: plan, serverEvaluation: nil, ledgerDirectory: nil, log: { _ in })
        let run = Task { try await coordinator.run() }
        try await Task.sleep(for: .milliseconds(200))
        try await coordinator.join(client: "client-0", features: 64, classes: 10, serial: nil)
        try await Task.sleep(for: .seconds(1))
        let wakeups = await coordinator.wakeups
        run.cancel()
        _ = await run.result
        // The first wait, and the one after the join.
        #expect(wakeups <= 3, "the coordinator woke \(wakeups) times while nothing happened")
    }
}
