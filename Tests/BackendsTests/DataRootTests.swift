import Compiler
import IRFixtures
import Testing

@testable import Backends

/// `kfc build --data-root`: relative dataset paths are joined to the root or refused.
@Suite struct DataRootTests {
    static func withPaths(_ paths: [String]) -> IR.Deployment {
        var d = IRFixtures.kubeflower(n: paths.count)
        for (i, p) in paths.enumerated() { d.datasets[i].path = p }
        return d
    }

    @Test func relativePathsAreRefusedWithoutARoot() {
        let (d, diags) = DataRoot.resolve(Self.withPaths(["/data/a.csv", "data/b.csv", "./c.csv"]), root: nil)
        #expect(diags.map(\.code) == ["KF5007", "KF5007"])
        #expect(diags.first?.message == "dataset '\(d.datasets[1].name)' has the relative path 'data/b.csv'")
        #expect(d.datasets.map(\.path) == ["/data/a.csv", "data/b.csv", "./c.csv"])
    }

    @Test func relativePathsAreJoinedToTheRoot() {
        let (d, diags) = DataRoot.resolve(
            Self.withPaths(["/data/a.csv", "data/b.csv", "./c.csv", "../../../x/d.csv"]), root: "/srv/kfc/")
        #expect(diags.isEmpty)
        #expect(d.datasets.map(\.path) == ["/data/a.csv", "/srv/kfc/data/b.csv", "/srv/kfc/c.csv", "/x/d.csv"])
    }
}
