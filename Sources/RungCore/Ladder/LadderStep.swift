/// A decision about where a ladder stands, as a check-in offers it and `rungctl ladder`
/// takes it: climb to a higher rung, hold the current one, or step back to a lower one.
public enum LadderStep: String, Sendable, CaseIterable {
    case climb, hold
    case stepBack = "step_back"

    /// Why a step cannot be taken: the ladder has no such rung, or the rung asked for is
    /// not where the step goes.
    public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The rung `self` leads to on `ladder` from rung `current` (rungs count from 1):
    /// `requested` when given, else the next rung up, the same rung or the next one down.
    /// Refuses a rung the ladder does not have and one that contradicts the step (a
    /// climb that does not go up, a hold that moves, a step back that does not go down).
    public func target(on ladder: Ladder, from current: Int, requested: Int? = nil) throws(Refusal) -> Int {
        let top = ladder.rungs.count
        let next = switch self {
        case .climb: current + 1
        case .hold: current
        case .stepBack: current - 1
        }
        let rung = requested ?? next
        if requested == nil, self == .climb, rung > top {
            throw Refusal(description: "ladder '\(ladder.id)' is at rung \(current) of \(top), its top: there is no rung to climb to")
        }
        if requested == nil, self == .stepBack, rung < 1 {
            throw Refusal(description: "ladder '\(ladder.id)' is at rung 1, its first: there is no rung to step back to")
        }
        guard rung >= 1, rung <= top else {
            throw Refusal(description: "ladder '\(ladder.id)' has no rung \(rung): its rungs are 1 to \(top)")
        }
        let fits = switch self {
        case .climb: rung > current
        case .hold: rung == current
        case .stepBack: rung < current
        }
        guard fits else {
            let way = switch self {
            case .climb: "a climb goes to a higher rung"
            case .hold: "a hold stays on it"
            case .stepBack: "a step back goes to a lower rung"
            }
            throw Refusal(description: "ladder '\(ladder.id)' is at rung \(current); \(way), not to rung \(rung)")
        }
        return rung
    }
}
