/// What a prompt is about.
public enum PlanSubject: Hashable, Sendable, CustomStringConvertible {
    case performance(String)
    case ladder(String)

    /// Reads `performance:ID` or `ladder:ID`; nil for anything else.
    public init?(parsing text: String) {
        if text.hasPrefix("performance:"), text.count > 12 {
            self = .performance(String(text.dropFirst(12)))
        } else if text.hasPrefix("ladder:"), text.count > 7 {
            self = .ladder(String(text.dropFirst(7)))
        } else {
            return nil
        }
    }

    /// `performance:ID` or `ladder:ID`, the prefix of schedule identities.
    public var description: String {
        switch self {
        case .performance(let id): "performance:\(id)"
        case .ladder(let id): "ladder:\(id)"
        }
    }
}
