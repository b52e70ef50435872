import Foundation
import RunPlan
import Testing

@testable import FLExec

/// Sizes that come from data or from a plan made for other data are bounded before anything
/// is allocated or looped over.
@Suite struct DataLimitsTests {
    @Test func parameterCountsThatOverflowAreNil() {
        #expect(Network.parameterCount(features: 64, hidden: [], classes: 10) == 650)
        #expect(Network.parameterCount(features: 64, hidden: [Int.max], classes: 10) == nil)
        #expect(Network.parameterCount(features: 1 << 40, hidden: [1 << 30], classes: 2) == nil)
    }

    @Test(arguments: [
        (180, 179, true), (180, 180, true), (180, 200, true), (180, 254, false), (100_000_000_000, 179, false),
        (1, 0, true), (0, 5, false),
    ])
    func recordsAgreeWithinATenth(_ declared: Int, _ rows: Int, _ agree: Bool) {
        #expect(DataLimits.recordsAgree(declared: declared, rows: rows) == agree)
    }

    @Test func aPlanForFarMoreRecordsIsRefusedBeforeTraining() throws {
        let dir = temporaryDirectory()
        let rows = (0..<40).map { "\($0 % 7),\($0 % 2)" }
        let path = write("x,label\n" + rows.joined(separator: "\n") + "\n", to: "d.csv", in: dir)
        var plan = RunPlan(
            federation: "f", model: .logisticRegression(), strategy: .fedavg, rounds: 1, minFit: 1, minClients: 1,
            server: ServerSpec(address: "127.0.0.1", port: 8080, checkpointDir: "checkpoints"),
            clients: [
                ClientSpec(
                    id: "0", dataset: DatasetSpec(path: path, records: 40),
                    train: TrainSpec(epochs: 1, batch: 4, lr: 0.1))
            ])
        plan.clients[0].stepsPerRound = 1_000_000_000
        plan.clients[0].samplingRate = 1e-10
        plan.privacy = PrivacySpec(unit: .example, epsilon: 1, delta: 1e-5, clip: 1, noiseMultiplier: 1)
        #expect(
            throws: SimulationError.client(
                .tooLarge(
                    client: "0", reason: "a round would take 1000000000 training steps; at most 100000000 are run"))
        ) {
            _ = try FederatedSimulation(plan: plan)
        }
    }
}
