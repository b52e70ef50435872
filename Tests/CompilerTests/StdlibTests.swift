import Foundation
import KFLang
import Testing

@testable import Compiler

/// The standard library parses, compiles cleanly, and documents every export with `@since`.
@Suite struct StdlibTests {
    static let files: [String] = {
        let dir = CompileHelper.stdlib + "/std"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".kf") }
            .sorted()
    }()

    @Test func hasTheModules() {
        #expect(Self.files == ["models.kf", "privacy.kf", "resources.kf", "strategies.kf"])
    }

    @Test(arguments: files)
    func everyExportIsDocumented(_ name: String) throws {
        let text = try String(contentsOfFile: CompileHelper.stdlib + "/std/" + name, encoding: .utf8)
        var sources = SourceManager()
        let id = sources.add(path: name, text: text)
        let sink = DiagnosticSink()
        let tree = Parser.parse(sources[id], sink: sink)
        #expect(!sink.hasErrors)
        for item in tree.items {
            let label: String, doc: String?
            switch item {
            case .letDecl(let d): (label, doc) = (d.name.name, d.trivia.docComment)
            case .block(let b): (label, doc) = (b.name?.name ?? b.kind.name, b.docComment)
            default: continue
            }
            #expect(doc?.contains("@since 0.1.0") == true, "\(name): '\(label)' lacks a /// doc with @since")
        }
    }

    @Test func everyStrategyInstantiates() throws {
        let (result, diags) = CompileHelper.compile(
            """
            import std/strategies { fedavg, fedprox, fedadam, fedyogi, fedadagrad, fedmedian, trimmed_mean, krum, multikrum }
            import std/models { logistic_regression, mlp, logistic }
            import std/privacy { strict_example, moderate_example, strict_client }
            import std/resources { tiny, small, medium, large }
            let all = [fedavg, fedprox(mu: 0.1), fedadam(eta: 0.01, beta1: 0.8), fedyogi, fedadagrad, fedmedian,
                       trimmed_mean(beta: 0.1), krum(f: 1), multikrum(f: 1, m: 2)]
            let models = [logistic_regression, mlp(hidden: [64, 32], dropout: 0.2), logistic(features: 3)]
            """)
        #expect(diags.isEmpty, "\(diags.map(\.message))")
        #expect(result.deployment != nil)
    }

    @Test func parametersAreTyped() {
        let (_, diags) = CompileHelper.compile(
            "import std/strategies { trimmed_mean }\nlet s = trimmed_mean(beta: 0.7)\n")
        #expect(diags.map(\.code) == ["KF1006"])
    }
}
