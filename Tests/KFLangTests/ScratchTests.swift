import Foundation
import Testing
@testable import KFLang

@Test func scratch() throws {
    let path = ProcessInfo.processInfo.environment["KF_SCRATCH"] ?? ""
    guard !path.isEmpty, let data = FileManager.default.contents(atPath: path) else { return }
    var sm = SourceManager()
    let id = sm.add(path: path, bytes: Array(data))
    let sink = DiagnosticSink()
    let t0 = Date()
    let tree = Parser.parse(sm[id], sink: sink)
    print("parse: \(Date().timeIntervalSince(t0))")
    let t1 = Date()
    print(DiagnosticRenderer(sources: sm).render(sink.sorted()))
    print("render: \(Date().timeIntervalSince(t1))")
    let out = Formatter.format(tree, source: sm[id])
    print("=====FORMATTED=====")
    print(out, terminator: "")
    print("=====END=====")
}
