/// The weekday part of an expression: a bit set with Monday as bit 0, as systemd keeps it.
struct CalendarWeekdays: Hashable, Sendable {
    /// Bits 0 (Monday) … 6 (Sunday); `all` when no weekday is restricted.
    var bits: Int

    static let all = CalendarWeekdays(bits: allBits)
    static let allBits = 0b111_1111

    static let shortNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let longNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    var restrictsDays: Bool { bits > 0 && bits < Self.allBits }

    /// Whether `weekday` (0 = Sunday … 6 = Saturday, as in `struct tm`) is selected.
    func contains(tmWeekday weekday: Int) -> Bool {
        guard restrictsDays else { return true }
        let index = weekday == 0 ? 6 : weekday - 1
        return bits & (1 << index) != 0
    }

    /// Runs of three or more days as `Mon..Wed`, pairs as `Mon,Tue`, as systemd prints them.
    func format(to text: inout String) {
        var needComma = false
        var runStart = -1
        for day in 0...7 {
            if day < 7 && bits & (1 << day) != 0 {
                if runStart < 0 {
                    if needComma { text += "," }
                    needComma = true
                    text += Self.shortNames[day]
                    runStart = day
                }
            } else if runStart >= 0 {
                if day > runStart + 1 {
                    text += day > runStart + 2 ? ".." : ","
                    text += Self.shortNames[day - 1]
                }
                runStart = -1
            }
        }
    }
}
