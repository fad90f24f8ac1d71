import RungCore
import RungTime

extension FuzzTarget {
    /// Calendar expressions: a parsed one prints a normalized form that parses to itself,
    /// and its next elapses come in order.
    static let calendar = FuzzTarget(name: "calendar") { input throws(FuzzFailure) in
        let source = text(input)
        guard let spec = try? CalendarSpec(parsing: source, localZone: fuzzZone) else { return }
        let again = try? CalendarSpec(parsing: spec.normalized, localZone: fuzzZone)
        if again?.normalized != spec.normalized {
            throw FuzzFailure("'\(source)' → '\(spec.normalized)' → '\(again?.normalized ?? "rejected")'")
        }
        var instant = fuzzNow
        for _ in 0..<3 {
            guard let next = spec.nextElapse(after: instant, in: fuzzZone) else { return }
            if next <= instant { throw FuzzFailure("'\(source)': next elapse \(next) not after \(instant)") }
            instant = next
        }
    }
}
