import Foundation
import Testing

@testable import PolicyCheck

@Suite struct JQProgramTests {
    @Test func runsAProgramOverJSON() throws {
        let p = try JQProgram(#".[] | select(.kind == "Deployment") | .name"#)
        let out = try p.runRaw(jsonInput: #"[{"kind":"Deployment","name":"a"},{"kind":"Service","name":"b"}]"#)
        #expect(out == ["a"])
    }

    @Test func compactJSONOutputs() throws {
        let p = try JQProgram("{x: .a, y: [1,2]}")
        #expect(try p.run(jsonInput: #"{"a":"q"}"#) == [#"{"x":"q","y":[1,2]}"#])
    }

    @Test func syntaxErrorCarriesLibjqMessage() {
        #expect(throws: JQProgram.Failure.self) { try JQProgram(".[] | select(") }
        do {
            _ = try JQProgram(".foo | | bar")
            Issue.record("expected a compile error")
        } catch let f as JQProgram.Failure {
            #expect(f.messages.joined().contains("syntax error"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func runtimeErrorIsAFailure() throws {
        let p = try JQProgram(#"error("boom")"#)
        #expect(throws: JQProgram.Failure(messages: ["boom"])) { try p.run(jsonInput: "null") }
    }

    @Test func invalidInputIsAFailure() throws {
        let p = try JQProgram(".")
        #expect(throws: JQProgram.Failure.self) { try p.run(jsonInput: "{not json") }
    }
}

/// jq programs cannot reach outside their input, and end within their limits (issue 11).
@Suite struct JQProgramConfinementTests {
    @Test(arguments: [
        ("input", "input"), ("[inputs]", "inputs"), (". | debug", "debug"), ("stderr", "stderr"),
        ("input_filename", "input_filename"), ("$ENV.HOME", "$ENV"), ("$ ENV", "$ENV"), ("env.HOME", "env"),
        (#"import "a" as a; ."#, "import"), (#"include "a"; ."#, "include"), ("halt", "halt"),
        (#"halt_error("x")"#, "halt_error"), ("get_search_list", "get_search_list"),
        (#""\(env)""#, "env"), (#"@base64 "x\(input)""#, "input"), ("[1, input]", "input"),
        ("{a: env}", "env"), ("{(input): 1}", "input"), ("{a: . | env}", "env"), ("..env", "env"),
        ("input_line_number", "input_line_number"), ("modulemeta", "modulemeta"), ("a::b", "a::b"),
    ])
    func refusesBuiltinsThatReachOutside(_ program: String, _ name: String) {
        #expect(JQProgram.refusedBuiltin(in: program) == name)
        #expect(throws: JQProgram.Failure.self) { try JQProgram(program) }
    }

    @Test(arguments: [
        ".env", ".input", ".spec.containers[].env", "{env: 1}", "{env}", "{a: 1, input: 2}", ". as $input | $input",
        #""input env debug""#, "# env\n.", "@text", "1e18", #""\(.env)""#, "$__loc__",
    ])
    func acceptsFieldsKeysVariablesStringsAndComments(_ program: String) {
        #expect(JQProgram.refusedBuiltin(in: program) == nil)
    }

    @Test func theEnvironmentIsNotReadable() throws {
        #expect(try JQProgram("{env: 1} | .env").run(jsonInput: "null") == ["1"])
    }

    @Test(arguments: [
        "def f: f; f", "repeat(.)", "[range(1e18)]", "range(1e18)", "[limit(1e9; repeat(\"xxxxxxxx\"))] | add",
    ])
    func runawayProgramsFailWithinTheLimits(_ program: String) throws {
        let p = try JQProgram(program)
        let start = Date()
        #expect(throws: JQProgram.Failure.self) { try p.run(jsonInput: "1") }
        #expect(Date().timeIntervalSince(start) < 30)
    }

    @Test func resultsAndErrorsStillCrossTheBoundary() throws {
        #expect(try JQProgram(".[] | . * 2").run(jsonInput: "[1,2,3]") == ["2", "4", "6"])
        #expect(throws: JQProgram.Failure(messages: ["boom"])) { try JQProgram(#"error("boom")"#).run(jsonInput: "1") }
        #expect(throws: JQProgram.Failure.self) { try JQProgram(".").run(jsonInput: "{not json") }
        #expect(try JQProgram("empty").run(jsonInput: "1").isEmpty)
    }
}
