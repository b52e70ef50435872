/// A small line diff (longest common subsequence) for golden-test failures.
enum UnifiedDiff {
    static func diff(_ a: String, _ b: String) -> String {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if x.count * y.count > 4_000_000 { return "--- expected (\(x.count) lines)\n+++ actual (\(y.count) lines)" }
        var lcs = Array(repeating: Array(repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            for j in stride(from: y.count - 1, through: 0, by: -1) {
                lcs[i][j] = x[i] == y[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out = ["--- expected", "+++ actual"]
        var i = 0, j = 0
        while i < x.count || j < y.count {
            if i < x.count, j < y.count, x[i] == y[j] {
                out.append("  " + x[i]); i += 1; j += 1
            } else if j < y.count, i == x.count || lcs[i][j + 1] >= lcs[i + 1][j] {
                out.append("+ " + y[j]); j += 1
            } else {
                out.append("- " + x[i]); i += 1
            }
        }
        return out.joined(separator: "\n")
    }
}
