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
