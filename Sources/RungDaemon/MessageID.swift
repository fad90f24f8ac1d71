/// Stable journal MESSAGE_IDs, so `journalctl MESSAGE_ID=…` finds every such event.
public enum MessageID {
    public static let started = "6f1b3e0c2a9d4b7e8c5a1f3d2e4b6a80"
    public static let delivered = "a3c5e7f9b1d34f6a8c0e2b4d6f8a1c35"
    public static let missed = "d4e6f8a0c2b44e6a9c1e3b5d7f9a2c46"
    public static let expired = "e5f7a9b1d3c54f7b0d2f4c6e8a0b3d57"
    public static let failed = "f6a8b0c2e4d64a8c1e3a5d7f9b1c4e68"
    public static let escalated = "c8d0e2f4a6b84c0e3a5c7e9b1d3f6a8b"
    public static let answered = "9a1c3e5f7b2d4a6c8e0f2b4d6a8c1e3f"
    public static let reloadFailed = "b7c9d1e3f5a74b9d2f4b6e8a0c2d5f79"
    public static let paused = "2b4d6f8a0c1e43a5b7d9f1a3c5e7b9d2"
}
