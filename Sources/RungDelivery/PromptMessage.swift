import RungCore

/// One prompt as every channel delivers it: rendered text, the buttons it offers, and
/// how to answer it from a terminal. Channels format it; they never decide its words.
public struct PromptMessage: Hashable, Sendable {
    public var occurrenceID: String
    /// `vicarious`, `reframe`, `debrief`, `affirmation` or `check_in`.
    public var kind: String
    /// `performance:ID` or `ladder:ID`.
    public var subject: String
    public var title: String
    public var body: String
    public var due: Instant
    public var expires: Instant
    public var actions: [PromptText.Action]

    public init(
        occurrenceID: String, kind: String, subject: String, title: String, body: String,
        due: Instant, expires: Instant, actions: [PromptText.Action]
    ) {
        self.occurrenceID = occurrenceID
        self.kind = kind
        self.subject = subject
        self.title = title
        self.body = body
        self.due = due
        self.expires = expires
        self.actions = actions
    }

    /// The command that answers this prompt from a terminal, for channels without buttons.
    public var answerHint: String {
        let answers = actions.map(\.id).joined(separator: "|")
        return "rungctl respond \(occurrenceID) \(answers.isEmpty ? "ANSWER" : answers)"
    }
}
