import RungCore

/// How the person's own config names what the store keeps by id: a performance by its
/// title, a ladder by the skill it trains, a rung by its title. Without a config (or for
/// an id it no longer defines) the id itself, so that nothing recorded is ever hidden.
public struct SubjectNames: Sendable {
    private var performances: [String: String] = [:]
    private var ladders: [String: String] = [:]
    private var rungs: [String: [String]] = [:]

    /// Names from `config`; ids alone when there is none.
    public init(config: Config?) {
        guard let config else { return }
        for performance in config.performances { performances[performance.id] = performance.title }
        for ladder in config.ladders {
            ladders[ladder.id] = ladder.skill
            rungs[ladder.id] = ladder.rungs.map(\.title)
        }
    }

    /// A performance's title, else its id.
    public func performance(_ id: String) -> String {
        performances[id] ?? id
    }

    /// A ladder's skill in the person's words, else its id. Evidence names its ladder as
    /// its skill, so a skill with no ladder is shown as it is.
    public func ladder(_ id: String) -> String {
        ladders[id] ?? id
    }

    /// `performance:ID` or `ladder:ID` by name; anything else as it is.
    public func subject(_ subject: String) -> String {
        switch PlanSubject(parsing: subject) {
        case .performance(let id): performance(id)
        case .ladder(let id): ladder(id)
        case nil: subject
        }
    }

    /// `rung 2 “Stand-up update”`, or `rung 2` when the ladder or the rung is unknown.
    public func rung(_ rung: Int, of ladder: String) -> String {
        guard let titles = rungs[ladder], titles.indices.contains(rung - 1) else { return "rung \(rung)" }
        return "rung \(rung) \u{201C}\(titles[rung - 1])\u{201D}"
    }
}
