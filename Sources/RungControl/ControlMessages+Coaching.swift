/// What `Status` says of the ladders, beside the daemon's own state.
extension ControlInterface {
    /// A step Rung proposes for a ladder that would move it (climb or step back), with
    /// its reason in plain words: the person decides at the check-in.
    public struct Proposal: Codable, Sendable, Equatable {
        public var ladder: String
        /// `climb` or `step_back`, as the check-in's buttons answer.
        public var step: String
        /// The rung the step leads to, from 1, and its title.
        public var toRung: Int64
        public var toTitle: String
        public var reason: String

        enum CodingKeys: String, CodingKey {
            case ladder, step, reason
            case toRung = "to_rung"
            case toTitle = "to_title"
        }

        public init(ladder: String, step: String, toRung: Int64, toTitle: String, reason: String) {
            self.ladder = ladder
            self.step = step
            self.toRung = toRung
            self.toTitle = toTitle
            self.reason = reason
        }
    }

    /// How well the person's predictions matched what happened, over every ladder: how
    /// many attempts had a prediction and how many the figures need; the Brier score, the
    /// bias and a line in words once there are enough.
    public struct Calibration: Codable, Sendable, Equatable {
        public var attempts: Int64
        public var needed: Int64
        public var brier: Double?
        public var bias: Double?
        public var summary: String?

        public init(attempts: Int64, needed: Int64, brier: Double? = nil, bias: Double? = nil, summary: String? = nil) {
            self.attempts = attempts
            self.needed = needed
            self.brier = brier
            self.bias = bias
            self.summary = summary
        }
    }
}
