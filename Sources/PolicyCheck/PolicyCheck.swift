/// # PolicyCheck
///
/// Proves what a deployment promises before it reaches a cluster: isolation over a two-layer
/// network model (KubeOVN and NetworkPolicies), privacy budgets, placement, built-in security
/// rules and custom jq rules; renders the findings as text, JSON, SARIF, JUnit or GitHub lines.
///
/// Never emits manifests. libjq is reached only through `JQ/JQProgram.swift`.
enum PolicyCheckModule {}
