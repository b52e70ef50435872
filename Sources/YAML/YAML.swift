/// # YAML
///
/// A streaming YAML writer and a positioned YAML reader, over libyaml (the only user of
/// `CYAML`). Deterministic: the same values give byte-identical output.
///
/// - ``YAMLNode`` is the value model: strings, ints, doubles, bools, null, sequences and
///   insertion-ordered mappings (``YAMLMapping``). Emitters build it and control key order.
/// - ``YAMLWriter`` emits block-style YAML as libyaml's event API does, one document or a
///   multi-document stream: ``YAMLDirectEmitter`` writes whole ASCII documents straight into
///   bytes, replaying libyaml's emitter (byte-identical, tested), and libyaml writes the rest,
///   quoting every string that any YAML 1.1 or 1.2 reader (libyaml,
///   PyYAML, go-yaml as used by kubectl) would otherwise read as a number, bool, null,
///   timestamp or merge key (tests check this against PyYAML, go-yaml v2/v3 and
///   sigs.k8s.io/yaml). `YAMLWriter.encode(_:concurrency:)` spreads large streams over threads
///   with byte-identical output. `YAMLNode.jsonBytes()` renders the same model as JSON.
/// - ``YAMLReader`` parses a stream into ``YAMLDocument``s of ``YAMLParsedNode``s, each with its
///   start and end ``YAMLMark`` (1-based line and byte column, 0-based byte offset), resolving
///   anchors and aliases under a limit, merge keys, tags and YAML 1.1 implicit typing.
/// - Every failure is a ``YAMLError`` with a position when one is known.
///
/// `LibYAML.swift` is the only file that imports `CYAML`.
enum YAMLModule {}
