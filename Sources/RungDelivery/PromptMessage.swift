import RungCore
import RungTime

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

    /// How to answer this prompt from a terminal, for channels without buttons: a command
    /// to paste with the answer filled in, e.g. `rungctl respond 0f3a9c2b7d4e1a55 ANSWER,
    /// where ANSWER is success, partial or miss`.
    public var answerHint: String { PromptText.answerHint(occurrenceID, answers: actions.map(\.id)) }

    /// The command that answers this prompt, `ANSWER` standing for the answer.
    public var answerCommand: String { PromptText.answerCommand(occurrenceID) }
}
