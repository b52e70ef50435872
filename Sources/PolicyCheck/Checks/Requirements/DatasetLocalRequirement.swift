import Compiler

/// `dataset_local(f or clients)`: every client runs on its dataset's node, and its volume
/// exposes only its own dataset.
///
/// Proved on the storage model of the manifests (`StorageIsolation`): a subject client's pod
/// pinned away from its volume's node, pinned to no node, or able to read a path another client
/// reads. A hostPath volume names no node, so for hostPath data the IR's placement is compared
/// too: the pod would read another node's folder.
///
/// Fails when: any of these holds for a subject client (KF3060).
enum DatasetLocalRequirement {
    static func counterexamples(_ subjects: RequirementSubjects, _ r: IR.Requirement, ctx: CheckContext)
        -> [Counterexample.Case]
    {
        let clients = r.subjects.flatMap { subjects.clients($0) ?? [] }
        let keys = Set(clients.map { "\($0.namespace)/\($0.id)" })
        var out: [Counterexample.Case] = []
        for v in StorageIsolation.violations(ctx) where keys.contains("\(v.federation)/\(v.clientID)") {
            let d = v.finding.diagnostic
            out.append(Counterexample.Case(summary: d.message, details: d.notes, help: d.helps.first))
        }
        let names = Set(clients.map(\.name))
        let datasets = Dictionary(subjects.ir.datasets.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for f in subjects.ir.federations {
            for c in f.clients where names.contains(c.name) {
                guard let ds = datasets[c.dataset], ds.hostPath, ds.node != c.node else { continue }
                out.append(
                    Counterexample.Case(
                        summary:
                            "'\(c.name)' runs on '\(c.node)', its hostPath dataset '\(ds.name)' lives on '\(ds.node)'",
                        help: "place the client on its dataset's node ('node: \(ds.node)')"))
            }
        }
        return out
    }
}
