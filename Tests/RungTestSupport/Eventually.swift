/// Polls `condition` every `poll` until it holds or `timeout` passes; whether it held.
///
/// The one way a test waits for a fact another process or task brings about. Real processes
/// on a loaded machine take real time: the timeout is a generous limit, not an expectation
/// of speed, and a test that holds its fact early moves on at once.
public func eventually(
    timeout: Duration = .seconds(60), poll: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: poll)
    }
    return try await condition()
}
