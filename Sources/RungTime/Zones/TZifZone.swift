/// One TZif file (RFC 8536, versions 1–4) as glibc's `time/tzfile.c` reads and applies it:
/// the 64-bit section when there is one, the footer TZ string for instants at or after
/// the last transition, and before the first transition the first standard-time type.
/// Immutable after `init`, so sharing one instance between threads is safe.
final class TZifZone: Sendable {
    /// One local time type (`ttinfo`).
    struct LocalTimeType: Sendable, Hashable {
        /// Seconds east of UTC.
        let offset: Int
        let isDST: Bool
        let abbreviation: String
    }

    /// Transition instants in seconds since the epoch, ascending.
    let transitions: [Int64]
    /// For each transition, the index into `types` in force from it on.
    let transitionTypes: [UInt8]
    let types: [LocalTimeType]
    /// The footer TZ string, for instants at or after the last transition.
    let footer: PosixTimeZone?
    /// The type glibc uses before the first transition: the first non-DST type.
    let initialTypeIndex: Int
    /// glibc's `tzname[0]` and `tzname[1]` after `tzset`.
    let standardAbbreviation: String
    let daylightAbbreviation: String?
    /// Per type, whether its transitions were written in standard time and in UT; glibc
    /// uses them only to shift `posixrules` transitions to a user's offsets.
    let standardIndicators: [Bool]
    let utIndicators: [Bool]
    /// Leap-second records (the `right/` zones): from `transition` on, `correction`
    /// seconds are subtracted to get civil time.
    let leapSeconds: [(transition: Int64, correction: Int)]

    private init(
        transitions: [Int64], transitionTypes: [UInt8], types: [LocalTimeType], footer: PosixTimeZone?,
        standardAbbreviation: String, daylightAbbreviation: String?,
        standardIndicators: [Bool], utIndicators: [Bool], leapSeconds: [(transition: Int64, correction: Int)]
    ) {
        self.transitions = transitions
        self.transitionTypes = transitionTypes
        self.types = types
        self.footer = footer
        self.initialTypeIndex = types.firstIndex { !$0.isDST } ?? 0
        self.standardAbbreviation = standardAbbreviation
        self.daylightAbbreviation = daylightAbbreviation
        self.standardIndicators = standardIndicators
        self.utIndicators = utIndicators
        self.leapSeconds = leapSeconds
    }

    /// Parses the bytes of a TZif file; `path` only names it in errors.
    convenience init(bytes: [UInt8], path: String) throws(TimeZoneError) {
        var reader = Reader(bytes: bytes, path: path)
        var header = try reader.header()
        var timeSize = 4
        if header.version >= 2 {
            try reader.skip(header.dataLength(timeSize: 4))
            header = try reader.header()
            timeSize = 8
        }
        var transitions: [Int64] = []
        transitions.reserveCapacity(header.transitionCount)
        for _ in 0..<header.transitionCount {
            transitions.append(timeSize == 8 ? try reader.int64() : Int64(try reader.int32()))
        }
        var transitionTypes: [UInt8] = []
        transitionTypes.reserveCapacity(header.transitionCount)
        for _ in 0..<header.transitionCount {
            let index = try reader.uint8()
            guard Int(index) < header.typeCount else {
                throw TimeZoneError.invalidFile(path, "transition type \(index) out of range")
            }
            transitionTypes.append(index)
        }
        var rawTypes: [(offset: Int, isDST: Bool, abbreviationIndex: Int)] = []
        for _ in 0..<header.typeCount {
            let offset = Int(try reader.int32())
            let isDST = try reader.uint8() != 0
            let abbreviationIndex = Int(try reader.uint8())
            rawTypes.append((offset, isDST, abbreviationIndex))
        }
        let characters = Array(try reader.bytes(header.characterCount))
        var types: [LocalTimeType] = []
        for raw in rawTypes {
            guard raw.abbreviationIndex < characters.count else {
                throw TimeZoneError.invalidFile(path, "abbreviation index \(raw.abbreviationIndex) out of range")
            }
            let tail = characters[raw.abbreviationIndex...]
            let name = tail.prefix { $0 != 0 }
            types.append(LocalTimeType(
                offset: raw.offset, isDST: raw.isDST, abbreviation: String(decoding: name, as: UTF8.self)
            ))
        }
        var leapSeconds: [(transition: Int64, correction: Int)] = []
        for _ in 0..<header.leapCount {
            let transition = timeSize == 8 ? try reader.int64() : Int64(try reader.int32())
            leapSeconds.append((transition, Int(try reader.int32())))
        }
        var standardIndicators: [Bool] = []
        for _ in 0..<header.standardIndicatorCount { standardIndicators.append(try reader.uint8() != 0) }
        var utIndicators: [Bool] = []
        for _ in 0..<header.utIndicatorCount { utIndicators.append(try reader.uint8() != 0) }
        var footer: PosixTimeZone?
        if header.version >= 2, let text = reader.footer(), !text.isEmpty {
            footer = PosixTimeZone.parse(text).zone
        }
        guard !types.isEmpty else { throw TimeZoneError.invalidFile(path, "no local time types") }

        // __tzfile_read: the most recent standard and daylight types among the transitions.
        var standard: String?
        var daylight: String?
        for index in transitionTypes.reversed() {
            let type = types[Int(index)]
            if type.isDST {
                if daylight == nil { daylight = type.abbreviation }
            } else if standard == nil {
                standard = type.abbreviation
            }
            if standard != nil && daylight != nil { break }
        }
        let firstName = String(decoding: characters.prefix { $0 != 0 }, as: UTF8.self)
        self.init(
            transitions: transitions, transitionTypes: transitionTypes, types: types, footer: footer,
            standardAbbreviation: standard ?? firstName, daylightAbbreviation: daylight,
            standardIndicators: (0..<types.count).map { $0 < standardIndicators.count && standardIndicators[$0] },
            utIndicators: (0..<types.count).map { $0 < utIndicators.count && utIndicators[$0] },
            leapSeconds: leapSeconds
        )
    }

    /// `__tzfile_default`: a TZ string's names and offsets with the transitions of the
    /// `posixrules` zone, those into daylight time shifted by the difference between the
    /// string's standard offset and the file's. After the last transition the file's own
    /// footer applies, names and offsets included, exactly as in glibc 2.36. Nil when the
    /// file has fewer than two types, where glibc keeps the string's rules.
    convenience init?(defaultRules rules: TZifZone, for zone: PosixTimeZone) {
        guard rules.types.count >= 2 else { return nil }
        // The most recent standard offset, as __tzfile_read records it.
        let standardOffset = rules.transitions.isEmpty
            ? rules.types[0].offset
            : rules.transitionTypes.reversed().lazy.map { rules.types[Int($0)] }.first { !$0.isDST }?.offset ?? 0
        var transitions = rules.transitions
        var transitionTypes = rules.transitionTypes
        var previousWasDST = false
        for i in transitions.indices {
            let original = Int(rules.transitionTypes[i])
            let isDST = rules.types[original].isDST
            transitionTypes[i] = isDST ? 1 : 0
            // Transitions written in UT stay. So do those written in daylight wall-clock
            // time: glibc 2.36 shifts them by the string's daylight offset minus the one
            // its previous tzset left behind, which from the second tzset on (every mktime
            // makes one) is the string's own. (Measured; right after the very first tzset
            // glibc shifts them by the whole daylight offset instead.)
            let inDaylightTime = previousWasDST && !rules.standardIndicators[original]
            if !rules.utIndicators[original] && !inDaylightTime {
                transitions[i] += Int64(zone.standardOffset - standardOffset)
            }
            previousWasDST = isDST
        }
        self.init(
            transitions: transitions, transitionTypes: transitionTypes,
            types: [
                LocalTimeType(offset: zone.standardOffset, isDST: false, abbreviation: zone.standardName),
                LocalTimeType(offset: zone.daylightOffset, isDST: true, abbreviation: zone.daylightName),
            ],
            footer: rules.footer,
            standardAbbreviation: zone.standardName, daylightAbbreviation: zone.daylightName,
            standardIndicators: [false, false], utIndicators: [false, false], leapSeconds: rules.leapSeconds
        )
    }

    /// `__tzfile_compute`: the offset, DST flag and abbreviation in force at `seconds`.
    func state(at seconds: Int64) -> (offset: Int, isDST: Bool, abbreviation: String) {
        if let footer, isPastLastTransition(seconds) {
            return footer.state(at: seconds)
        }
        let type = types[typeIndex(at: seconds)]
        return (type.offset, type.isDST, type.abbreviation)
    }

    /// `state(at:)` without the abbreviation.
    func offset(at seconds: Int64) -> (offset: Int, isDST: Bool) {
        if let footer, isPastLastTransition(seconds) {
            return footer.offset(at: seconds)
        }
        let index = typeIndex(at: seconds)
        return (types[index].offset, types[index].isDST)
    }

    private func isPastLastTransition(_ seconds: Int64) -> Bool {
        !transitions.isEmpty && seconds >= transitions[transitions.count - 1]
    }

    /// The index into `types` in force at `seconds` by the transitions alone.
    private func typeIndex(at seconds: Int64) -> Int {
        if transitions.isEmpty || seconds < transitions[0] {
            return initialTypeIndex
        }
        if seconds >= transitions[transitions.count - 1] {
            return Int(transitionTypes[transitions.count - 1])
        }
        // The last transition at or before `seconds`: transitions[low] <= seconds < transitions[high].
        var low = 0
        var high = transitions.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if seconds < transitions[middle] { high = middle } else { low = middle }
        }
        return Int(transitionTypes[low])
    }

    /// The leap-second part of `__tzfile_compute`: the correction in force at `seconds`,
    /// and how many inserted leap seconds end exactly there (shown as second 60).
    func leapCorrection(at seconds: Int64) -> (correction: Int, hits: Int) {
        guard var i = leapSeconds.lastIndex(where: { seconds >= $0.transition }) else { return (0, 0) }
        let correction = leapSeconds[i].correction
        var hits = 0
        if seconds == leapSeconds[i].transition
            && (i == 0 ? correction > 0 : correction > leapSeconds[i - 1].correction) {
            hits = 1
            while i > 0 && leapSeconds[i].transition == leapSeconds[i - 1].transition + 1
                && leapSeconds[i].correction == leapSeconds[i - 1].correction + 1 {
                hits += 1
                i -= 1
            }
        }
        return (correction, hits)
    }

    /// The header of one data block.
    private struct Header {
        var version: Int
        var utIndicatorCount: Int
        var standardIndicatorCount: Int
        var leapCount: Int
        var transitionCount: Int
        var typeCount: Int
        var characterCount: Int

        func dataLength(timeSize: Int) -> Int {
            transitionCount * (timeSize + 1) + typeCount * 6 + characterCount
                + leapCount * (timeSize + 4) + standardIndicatorCount + utIndicatorCount
        }
    }

    /// Big-endian reads over the file's bytes that fail with the file's path.
    private struct Reader {
        let bytes: [UInt8]
        let path: String
        var position = 0

        mutating func bytes(_ count: Int) throws(TimeZoneError) -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.count - position else {
                throw TimeZoneError.invalidFile(path, "truncated at byte \(position)")
            }
            defer { position += count }
            return bytes[position..<position + count]
        }

        mutating func skip(_ count: Int) throws(TimeZoneError) {
            _ = try bytes(count)
        }

        mutating func uint8() throws(TimeZoneError) -> UInt8 {
            try bytes(1).first!
        }

        mutating func int32() throws(TimeZoneError) -> Int32 {
            Int32(bitPattern: try bytes(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        }

        mutating func int64() throws(TimeZoneError) -> Int64 {
            Int64(bitPattern: try bytes(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }

        mutating func header() throws(TimeZoneError) -> Header {
            let magic = try bytes(4)
            guard magic.elementsEqual("TZif".utf8) else {
                throw TimeZoneError.invalidFile(path, "not a TZif file")
            }
            let versionByte = try uint8()
            try skip(15)
            var counts: [Int] = []
            for _ in 0..<6 {
                let count = try int32()
                guard count >= 0 else { throw TimeZoneError.invalidFile(path, "negative count in header") }
                counts.append(Int(count))
            }
            return Header(
                version: versionByte == 0 ? 1 : Int(versionByte) - 0x30,
                utIndicatorCount: counts[0], standardIndicatorCount: counts[1], leapCount: counts[2],
                transitionCount: counts[3], typeCount: counts[4], characterCount: counts[5]
            )
        }

        /// The footer's TZ string between two newlines, if present.
        mutating func footer() -> String? {
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\n") else { return nil }
            let rest = bytes[(position + 1)...]
            guard let end = rest.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
            return String(decoding: rest[..<end], as: UTF8.self)
        }
    }
}
