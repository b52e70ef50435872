/// # Backends
///
/// Emitters from the IR: Kubernetes and Kube-OVN manifests, the run plan, the legacy
/// `FLDeployment` CR, and DOT/Mermaid graphs; and the importer of `FLDeployment`s. Never judges
/// policy.
///
/// Entry points: `Emitter.emit(_:targets:sink:)` gives `BuildProducts` (sorted `Manifest`s and
/// plans), which lay themselves out as one YAML stream (`yamlStream()`) or as the files of an
/// output folder (`files()`). `TopologyGraph` and `GraphRenderer` draw a deployment;
/// `FLDeploymentImporter` turns the operator's custom resource into `.kf` text. What is emitted
/// and why: `docs/backends.md`.
enum BackendsModule {}
