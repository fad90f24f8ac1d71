extension Duration {
    /// The duration in whole microseconds, as `Instant` counts, saturating at the ends of
    /// `Int64` like instants do: the one conversion from Swift's durations to Rung's time.
    public var microseconds: Int64 {
        // Compared first: `components` itself traps beyond Int64 seconds.
        if self >= .microseconds(Int64.max) { return .max }
        if self <= .microseconds(Int64.min) { return .min }
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
