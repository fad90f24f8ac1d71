import RungTOML

extension ConfigReader {
    /// The longest lead a rehearsal may have: a year, beyond which a rep no longer
    /// prepares for the performance.
    static let rehearsalDaysLimit = 365

    /// `[prompts.rehearsal] days_before`: distinct whole days from 1 to 365; nil, with every
    /// problem reported where it is, when the list is not that.
    mutating func rehearsalDaysBefore(in scope: Scope) -> [Int]? {
        guard let (elements, entry) = typed("days_before", in: scope, expected: "an array of integers", \.array) else { return nil }
        var days: [Int] = []
        var valid = true
        for element in elements {
            guard let number = element.integer else {
                error(at: element.position, "'days_before' in \(scope.name) must be an array of whole days, but holds \(element.typeDescription)")
                valid = false
                continue
            }
            guard (1...Int64(Self.rehearsalDaysLimit)).contains(number) else {
                error(at: element.position, "'days_before' in \(scope.name) must hold days from 1 to \(Self.rehearsalDaysLimit), not \(number)")
                valid = false
                continue
            }
            if days.contains(Int(number)) {
                error(at: element.position, "'days_before' in \(scope.name) names \(number) twice")
                valid = false
                continue
            }
            days.append(Int(number))
        }
        if valid, days.isEmpty {
            warn(at: entry.value.position, "'days_before' in \(scope.name) is empty, so no rehearsal is planned; 'enabled = false' says so plainly")
        }
        return valid ? days : nil
    }
}
