import Compiler

/// `dataset_local(f or clients)`: every client runs on its dataset's node, and its volume
/// exposes only its own dataset.
///
/// Fails when: a subject client is placed on another node than its (node-local) dataset
/// (KF3060).
enum DatasetLocalRequirement {
    static func counterexamples(_ subjects: RequirementSubjects, _ r: IR.Requirement, ctx: CheckContext)
        -> [Counterexample.Case]
    {
        let datasets = Dictionary(subjects.ir.datasets.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let names = Set(r.subjects.flatMap { (subjects.clients($0) ?? []).map(\.name) })
        var out: [Counterexample.Case] = []
        for f in subjects.ir.federations {
            for c in f.clients where names.contains(c.name) {
                guard let ds = datasets[c.dataset] else { continue }
                if ds.node != c.node {
                    out.append(
                        Counterexample.Case(
                            summary:
                                "'\(c.name)' runs on '\(c.node)', its dataset '\(ds.name)' lives on '\(ds.node)'",
                            help: "place the client on its dataset's node ('node: \(ds.node)')"))
                }
            }
        }
        return out
    }
}
