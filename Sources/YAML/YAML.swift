/// # YAML
///
/// A streaming YAML writer and a positioned YAML reader over libyaml (the only user of
/// `CYAML`). Deterministic: the same values give byte-identical output.
enum YAMLModule {}
