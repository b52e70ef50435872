/// # Backends
///
/// Emitters from the IR: Kubernetes and KubeOVN manifests, the run plan, the legacy
/// `FLDeployment` CR, and DOT/Mermaid graphs. Never judges policy.
enum BackendsModule {}
