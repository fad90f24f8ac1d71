/// The rows of a history, table by table, as the simulation makes them; instants are
/// microseconds since the epoch, as the store keeps them. The writer orders each table by
/// time and numbers its rows.
struct HistoryRows {
    struct Occurrence {
        var id: String
        var kind: String
        var subject: String
        var state: String
        var due: Int64
        var delivered: Int64?
        var updated: Int64
        var schedule: String
        var scheduled: Int64
        var expires: Int64
        var performanceStart: Int64?
        var reason: String?
    }

    struct Delivery {
        var occurrence: String
        var channel: String
        var started: Int64
        var ended: Int64
        var outcome: String
        var error: String?
        var purpose: String
        var dismissed: Int64?
    }

    struct Response {
        var occurrence: String
        var answer: String
        var via: String
        var channel: String?
        var answered: Int64
        var note: String?
        var replaced: Int64?
        var rating: Int?
    }

    struct Snooze {
        var occurrence: String
        var snoozed: Int64
        var ends: Int64
    }

    struct Debrief {
        var occurrence: String
        var performance: String
        var skill: String
        var rung: Int
        var attemptStart: Int64
        var outcome: String
        var planned = ""
        var happened = ""
        var why = ""
        var keep = ""
        var change = ""
        var selfEfficacy: Int?
        var fearedHappened: Bool?
        var distress: Int?
        var aids: String?
        var recorded: Int64
        var completed: Int64?
    }

    struct Prediction {
        var performance: String
        var attemptStart: Int64
        var selfEfficacy: Int
        var fear: String?
        var recorded: Int64
    }

    struct Evidence {
        var skill: String
        var rung: Int?
        var what: String
        var detail: String
        var source: String
        var givenBy: String?
        /// The index in `debriefs` of the debrief it comes from.
        var debrief: Int?
        var observed: Bool?
        var feared: String?
        var fearedHappened: Bool?
        var aids: String?
        var happened: Int64
        var recorded: Int64
        var performance: String?
        var praiseOnly: Bool?
    }

    struct LadderMove {
        var ladder: String
        var move: String
        var from: Int?
        var to: Int
        var reason: String
        var moved: Int64
    }

    struct Position {
        var ladder: String
        var rung: Int
        var since: Int64
    }

    struct Rating {
        var ladder: String
        var rung: Int
        var selfEfficacy: Int
        var recorded: Int64
    }

    struct Pause {
        var subject: String?
        var starts: Int64
        var ends: Int64
        var resumed: Int64?
        var reason: String
    }

    var occurrences: [Occurrence] = []
    var deliveries: [Delivery] = []
    var responses: [Response] = []
    var snoozes: [Snooze] = []
    var debriefs: [Debrief] = []
    var predictions: [Prediction] = []
    var evidence: [Evidence] = []
    var moves: [LadderMove] = []
    var positions: [Position] = []
    var ratings: [Rating] = []
    var pauses: [Pause] = []
    var attempts = 0
}
