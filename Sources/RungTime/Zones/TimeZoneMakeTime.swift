/// `mktime`, re-done step for step after glibc 2.36's `__mktime_internal` so that
/// normalization, spring-forward gaps and fall-back folds come out exactly as systemd sees
/// them: the same probes, the same oscillation test, the same search for a neighbouring
/// time with the requested `tm_isdst`.
extension TimeZoneRules {
    /// `mktime`: normalizes `time` in place (out-of-range fields carry over, weekday,
    /// offset and abbreviation are set) and returns seconds since the epoch, resolving
    /// gaps and folds using `time.isDST` exactly as glibc does. Nil when not representable.
    ///
    /// This is the first `mktime` call of a process; see `makeTime(_:offsetGuess:)` for
    /// why later calls can differ in a fold.
    public func makeTime(_ time: inout BrokenDownTime) -> Int64? {
        var offsetGuess = 0
        return makeTime(&time, offsetGuess: &offsetGuess)
    }

    /// `mktime` with glibc's hidden state made explicit. glibc starts its search from the
    /// UTC offset of its previous result (a process-wide static, 0 at start), and in a
    /// fall-back fold with `isDST` -1 that start decides which of the two instants wins.
    /// Thread one variable, initially 0, through successive calls to reproduce a process's
    /// sequence of `mktime` calls; it holds seconds east of UTC.
    public func makeTime(_ time: inout BrokenDownTime, offsetGuess: inout Int) -> Int64? {
        var civil = CivilTime(time)
        guard let seconds = makeTime(&civil, offsetGuess: &offsetGuess) else { return nil }
        time = localTime(at: seconds)
        return seconds
    }

    /// `makeTime(_:offsetGuess:)` on the lean civil time the calendar search uses.
    func makeTime(_ time: inout CivilTime, offsetGuess: inout Int) -> Int64? {
        let int32Range = Int(Int32.min)...Int(Int32.max)
        guard int32Range.contains(time.month - 1), int32Range.contains(time.day),
              int32Range.contains(time.hour), int32Range.contains(time.minute),
              int32Range.contains(time.second),
              time.year >= Int(Int32.min) + 1900, time.year <= Int(Int32.max) + 1900 else { return nil }
        let requestedDST = time.isDST
        let secondRequested = Int64(time.second)
        // glibc probes with the second clamped to 0…59 and adds the rest back at the end.
        let second = min(max(secondRequested, 0), 59)

        // Carry the month into the year, then count days from 1 January of that year.
        let month = Int64(time.month - 1)
        let monthRemainder = month % 12
        let year = Int64(time.year) + month / 12 - (monthRemainder < 0 ? 1 : 0)
        let monthIndex = Int(monthRemainder < 0 ? monthRemainder + 12 : monthRemainder)
        let isLeap = CivilCalendar.isLeapYear(year)
        let yearDay = CivilCalendar.daysBeforeMonth(monthIndex, isLeap: isLeap) - 1 + Int64(time.day)
        // The requested civil time counted as if it were UTC.
        let requestedLocal = (CivilCalendar.daysBeforeYear(year) + yearDay) * CivilCalendar.secondsPerDay
            + Int64(time.hour) * 3600 + Int64(time.minute) * 60 + second

        let t0 = requestedLocal - Int64(Int32(truncatingIfNeeded: offsetGuess))
        var t = t0
        var t1 = t0
        var t2 = t0
        var previousWasDST = false
        var remainingProbes = 6
        var found: Probe
        var matched = false
        while true {
            guard let probe = rangedProbe(&t) else { return nil }
            let difference = requestedLocal &- probe.local
            if difference == 0 {
                found = probe
                matched = true
                break
            }
            // Oscillating between two instants: the requested time is in a gap. Take this
            // one if its DST flag is the one glibc prefers.
            let prefersThis = requestedDST < 0
                ? (!previousWasDST || probe.isDST)
                : (requestedDST != 0) != probe.isDST
            if t == t1 && t != t2 && prefersThis {
                found = probe
                break
            }
            remainingProbes -= 1
            if remainingProbes == 0 { return nil }
            t1 = t2
            t2 = t
            t = t &+ difference
            previousWasDST = probe.isDST
        }

        if matched && requestedDST >= 0 && (requestedDST != 0) != found.isDST {
            // The match has the wrong DST flag: use the offset of a nearby instant with the
            // requested flag.
            switch instantWithRequestedDST(near: t, requestedLocal: requestedLocal, requestedDST: requestedDST != 0) {
            case .failed:
                return nil
            case .found(let adjusted, let adjustedProbe):
                t = adjusted
                found = adjustedProbe
            case .none:
                // None nearby: take daylight time as one hour ahead of standard time.
                let dstDifference: Int64 = (requestedDST == 0 ? 1 : 0) - (found.isDST ? 0 : 1)
                let (shifted, overflow) = t.addingReportingOverflow(3600 * dstDifference)
                guard !overflow, let shiftedProbe = probe(shifted) else { return nil }
                t = shifted
                found = shiftedProbe
            }
        }
        offsetGuess = Int(Int32(truncatingIfNeeded: requestedLocal &- t))

        if secondRequested != found.second {
            // Add back the seconds clamped away, and one if a probe for second 0 met a leap second.
            let leapRepair: Int64 = second == 0 && found.second == 60 ? 1 : 0
            let (adjusted, overflow) = t.addingReportingOverflow(leapRepair - second + secondRequested)
            guard !overflow, probe(adjusted) != nil else { return nil }
            t = adjusted
        }
        time = civilTime(at: t)
        return t
    }

    /// What one `localtime` call tells `mktime`.
    private struct Probe {
        var isDST: Bool
        /// The civil time found, counted in seconds as if it were UTC (second 60 of a leap
        /// second counts as the next minute's 0, as glibc's `tm_diff` counts it).
        var local: Int64
        /// `tm_sec`, which is 60 during a leap second.
        var second: Int64
    }

    /// glibc's `localtime`, failing where the year would not fit `tm_year`.
    private func probe(_ t: Int64) -> Probe? {
        let state = offset(at: t)
        let leap = leapCorrection(at: t)
        let (shifted, overflow) = t.addingReportingOverflow(Int64(state.offset - leap.correction))
        guard !overflow else { return nil }
        // Years within ±2 billion of 1970 always fit.
        if t.magnitude > 67_000_000_000_000_000 {
            let year = CivilCalendar.utcYear(at: shifted) - 1900
            guard year >= Int64(Int32.min), year <= Int64(Int32.max) else { return nil }
        }
        let hits = Int64(leap.hits)
        return Probe(
            isDST: state.isDST, local: shifted &+ hits,
            second: CivilCalendar.floorMod(shifted, 60) + hits
        )
    }

    /// `ranged_convert`: converts `t`, or else the convertible instant nearest to it on the
    /// way to the epoch, found by bisection.
    private func rangedProbe(_ t: inout Int64) -> Probe? {
        if let result = probe(t) { return result }
        var bad = t
        var ok: Int64 = 0
        var okResult: Probe?
        while true {
            let middle = (ok >> 1) + (bad >> 1) + ((ok | bad) & 1)
            if middle == ok || middle == bad { break }
            if let result = probe(middle) {
                ok = middle
                okResult = result
            } else {
                bad = middle
            }
        }
        guard let okResult else { return nil }
        t = ok
        return okResult
    }

    /// The search `__mktime_internal` makes when a match has the wrong `tm_isdst`: probe
    /// 601200 s (the shortest DST period seen) apart, both directions, up to half the
    /// longest DST period (457243209 s), and extrapolate from the first probe with the
    /// requested flag.
    /// What the search for a neighbouring instant with the requested DST flag came to.
    private enum DSTSearch {
        case found(Int64, Probe)
        case none
        case failed
    }

    private func instantWithRequestedDST(near t: Int64, requestedLocal: Int64, requestedDST: Bool) -> DSTSearch {
        let stride: Int64 = 601_200
        let bound: Int64 = 457_243_209 / 2 + stride
        var delta = stride
        while delta < bound {
            for direction: Int64 in [-1, 1] {
                var (other, overflow) = t.addingReportingOverflow(delta * direction)
                if overflow { continue }
                guard let otherProbe = rangedProbe(&other) else { return .failed }
                guard otherProbe.isDST == requestedDST else { continue }
                let guess = other &+ (requestedLocal &- otherProbe.local)
                if let guessProbe = probe(guess) {
                    return .found(guess, guessProbe)
                }
            }
            delta += stride
        }
        return .none
    }
}
