import Testing

@testable import YAML

@Suite struct YAMLNodeTests {
    @Test func literalsAndAccessors() {
        let node: YAMLNode = ["s": "x", "i": 3, "d": 1.5, "b": true, "n": nil, "l": [1, 2], "m": ["k": "v"]]
        #expect(node["s"]?.string == "x")
        #expect(node["i"]?.int == 3)
        #expect(node["i"]?.double == 3.0)
        #expect(node["d"]?.double == 1.5)
        #expect(node["b"]?.bool == true)
        #expect(node["n"]?.isNull == true)
        #expect(node["l"]?[1] == 2)
        #expect(node["l"]?[2] == nil)
        #expect(node["m"]?["k"] == "v")
        #expect(node["absent"] == nil)
        #expect(node.mapping?.keys == ["s", "i", "d", "b", "n", "l", "m"])
        #expect(node["s"]?.isScalar == true && node["l"]?.isScalar == false)
    }

    @Test func stringInterpolationBuildsStrings() {
        let id = 42
        let node: YAMLNode = ["name": "client-\(id)", "port": .int(id)]
        #expect(node["name"] == .string("client-42"))
    }

    @Test func mappingEditsKeepOrder() {
        var m: YAMLMapping = ["a": 1, "b": 2]
        m["c"] = 3
        m["a"] = 10
        #expect(m.keys == ["a", "b", "c"])
        #expect(m["a"] == 10)
        m["b"] = nil
        #expect(m.keys == ["a", "c"])
        m.append("a", 11)
        #expect(m["a"] == 11)
        #expect(m.count == 3)
        #expect(m.map(\.key) == ["a", "c", "a"])
    }

    /// A key is found by its bytes, as YAML and the Kubernetes API server find it: a look-alike
    /// that Swift's `==` equates with it (canonically equivalent) is another key.
    @Test func keysAreFoundByTheirBytes() {
        var m: YAMLMapping = ["\u{212A}ind": 1, "a\u{0301}\u{0323}": 2]
        // The Kelvin sign is canonically `K`; the two marks' orders are canonically equal, and as long.
        #expect("\u{212A}ind" == "Kind" && "a\u{0301}\u{0323}" == "a\u{0323}\u{0301}")
        #expect(m["Kind"] == nil)
        #expect(m["a\u{0323}\u{0301}"] == nil)
        #expect(m["\u{212A}ind"] == 1 && m["a\u{0301}\u{0323}"] == 2)
        m["Kind"] = 3
        m["a\u{0323}\u{0301}"] = nil
        #expect(m.keys == ["\u{212A}ind", "a\u{0301}\u{0323}", "Kind"])
        #expect(YAMLNode.mapping(m)["Kind"] == 3)
    }

    /// A mapping keeps its literal's pairs as they are, and its `Entry` view reads and changes
    /// them in place; equal mappings hash alike.
    @Test func entriesAreAViewOfThePairs() {
        var m: YAMLMapping = ["a": 1, "b": "x", "a": 3]
        #expect(m.pairs.map(\.0) == ["a", "b", "a"] && m["a"] == 3 && m.count == 3)
        #expect(m.entries.map(\.key) == ["a", "b", "a"] && m[1] == YAMLMapping.Entry("b", "x"))
        m.entries[1].value = "y"
        m.entries.append(contentsOf: [YAMLMapping.Entry("c", nil)])
        m.entries.removeFirst()
        #expect(m.keys == ["b", "a", "c"] && m["b"] == "y" && m["c"] == .null)
        #expect(m == YAMLMapping([YAMLMapping.Entry("b", "y"), .init("a", 3), .init("c", nil)]))
        #expect(m != YAMLMapping([("b", "y"), ("a", 3)]) && m != ["a": 3, "b": "y", "c": nil])
        var other = YAMLMapping()
        for e in m { other.append(e.key, e.value) }
        #expect(other == m && other.hashValue == m.hashValue)
        #expect(Set([YAMLNode.mapping(m), .mapping(other)]).count == 1)
        // One storage is equal to itself, NaN and all, as arrays are; two storages compare values.
        let nan: YAMLMapping = ["x": .double(.nan)]
        let copy = nan
        #expect(nan == copy && YAMLMapping([("x", .double(.nan))]) != nan)
    }

    @Test func equalityIsOrderSensitive() {
        let ab: YAMLNode = ["a": 1, "b": 2]
        let ba: YAMLNode = ["b": 2, "a": 1]
        #expect(ab != ba)
        #expect(YAMLNode.string("x", style: .literal) != .string("x"))
    }

    @Test func jsonRendering() {
        let node: YAMLNode = [
            "z": "q\"\\\n\t\r\u{1}\u{7F}é", "a": [1, -2.5, true, nil], "e": [:], "l": [], "inf": .double(.infinity),
        ]
        #expect(
            node.jsonString() == #"{"z":"q\"\\\n\t\r\u0001\u007fé","a":[1,-2.5,true,null],"e":{},"l":[],"inf":null}"#)
        let nested: YAMLNode = ["k": [1, ["x": "y"]]]
        #expect(
            nested.jsonString(pretty: true) == """
                {
                  "k": [
                    1,
                    {
                      "x": "y"
                    }
                  ]
                }
                """)
    }
}
