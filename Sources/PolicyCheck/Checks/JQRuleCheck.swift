import Foundation
import KFLang
import YAML

/// A custom rule: a jq program over the manifests (one JSON array of every object, in input
/// order) or over the IR; every string it outputs is a violation located at the rule.
///
/// Fails when: the program outputs a string (KF4001), does not compile (KF4002), fails at run
/// time or outputs something that is not a string (KF4003).
package struct JQRuleCheck: Sendable {
    /// The rule's name (a `--policy` file's base name, or the `rule "…"` title).
    package var name: String
    /// The jq program.
    package var program: String
    /// Where the rule is written; findings point here.
    package var span: Span

    /// Creates a value from its parts.
    package init(name: String, program: String, span: Span) {
        self.name = name
        self.program = program
        self.span = span
    }

    /// The JSON array the rules see for a set of objects.
    package static func input(_ objects: [ManifestObject]) -> String {
        YAMLNode.sequence(objects.map(\.value)).jsonString()
    }

    /// libjq's messages on one line (diagnostic messages never span lines).
    static func oneLine(_ messages: [String]) -> String {
        messages.joined(separator: "; ").split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == "\t" }).joined(
            separator: " ")
    }

    /// Runs the rule over `json` (an array of objects, or the IR).
    package func run(json: String) -> [Finding] {
        let p: JQProgram
        do {
            p = try JQProgram(program)
        } catch let f as JQProgram.Failure {
            return [
                Finding(
                    .jqDoesNotCompile(rule: name, reason: Self.oneLine(f.messages), at: span), rule: name, subject: name
                )
            ]
        } catch {
            return [Finding(.jqDoesNotCompile(rule: name, reason: "\(error)", at: span), rule: name, subject: name)]
        }
        do {
            var out: [Finding] = []
            for o in try p.run(jsonInput: json) {
                guard o.hasPrefix("\""), let s = try? JSONDecoder().decode(String.self, from: Data(o.utf8)) else {
                    out.append(
                        Finding(
                            .jqFailed(rule: name, reason: "output \(o.prefix(60)) is not a string", at: span),
                            rule: name, subject: name))
                    continue
                }
                out.append(Finding(.jqViolation(rule: name, message: s, at: span), rule: name, subject: s))
            }
            return out
        } catch let f as JQProgram.Failure {
            return [
                Finding(.jqFailed(rule: name, reason: Self.oneLine(f.messages), at: span), rule: name, subject: name)
            ]
        } catch {
            return [Finding(.jqFailed(rule: name, reason: "\(error)", at: span), rule: name, subject: name)]
        }
    }
}
