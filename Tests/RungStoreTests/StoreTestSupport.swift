import RungTime

/// A fixed instant for records in tests: 2024-05-01T07:30:00Z.
let testInstant = Instant(seconds: 1_714_548_600)
