/// # RunPlan
///
/// The versioned, `Codable` run-plan schema: everything the executor needs to carry out one
/// federation. Shared by the back end that writes it and the executor that reads it.
enum RunPlanModule {}
