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

/// What a round's metrics record about the clients' messages.
@Suite struct RoundRecordTests {
    /// Refused and replayed messages are counted in the next round's metrics, a sampled client
    /// that does not answer within the round timeout is recorded as dropped, and the round
    /// still ends with `min_fit` updates.
    @Test func refusalsReplaysAndDropsAreCountedInTheRoundsMetrics() async throws {
        var plan = digitsPlan(clients: 3, rounds: 1)
        plan.minFit = 2
        plan.fractionFit = 1
        plan.timeouts.roundSeconds = 1
        let coordinator = FederationCoordinator(plan: plan, serverEvaluation: nil, ledgerDirectory: nil, log: { _ in })
        let run = Task { try await coordinator.run() }
        for id in ["client-0", "client-1", "client-2"] {
            try await coordinator.join(client: id, features: 64, classes: 10, serial: nil)
        }
        var tasks: [String: ClientTask] = [:]
        for id in ["client-0", "client-1"] {
            tasks[id] = try #require(try await coordinator.nextTask(client: id, after: 0))
        }
        for (id, task) in tasks {
            #expect(task.kind == .fit)
            let update = FitResult(client: id, weights: task.weights, examples: 10)
            try await coordinator.submitFit(update, round: 1, messageID: "\(id)-fit-1", budgetExhausted: false)
        }
        // The same message again: acknowledged, counted as a replay, not as a second update.
        let again = FitResult(client: "client-0", weights: tasks["client-0"]!.weights, examples: 10)
        try await coordinator.submitFit(again, round: 1, messageID: "client-0-fit-1", budgetExhausted: false)
        // A second update under another id is refused (the service counts what it refuses).
        await #expect(throws: Refusal.self) {
            try await coordinator.submitFit(again, round: 1, messageID: "client-0-other", budgetExhausted: false)
        }
        await coordinator.count(Refusal(.round, "a stale round"))
        await coordinator.count(Refusal(.round, "a future round"))
        await coordinator.count(Refusal(.malformed, "a NaN"))
        // client-2 never trains: after the round timeout the round goes on with two updates,
        // and every client is asked to evaluate the new model.
        for id in ["client-0", "client-1", "client-2"] {
            let task = try #require(try await coordinator.nextTask(client: id, after: 1))
            #expect(task.kind == .evaluate)
            try await coordinator.submitEvaluation(
                EvaluationStatistics(correct: 5, lossSum: 10, rows: 10), client: id, round: 1,
                messageID: "\(id)-eval-1")
        }
        let result = try await run.value
        let line = try #require(result.rounds.first)
        #expect(line.clients == 2)
        #expect(line.dropped == ["client-2"])
        #expect(line.refused == ["round": 2, "malformed": 1])
        #expect(line.replayed == 1)
        #expect(line.jsonLine().contains("\"dropped\":[\"client-2\"]"))
        #expect(line.jsonLine().contains("\"refused\":{\"malformed\":1,\"round\":2}"))
    }
}
