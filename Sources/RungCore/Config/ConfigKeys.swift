/// Every key `rung.toml` accepts, table by table: the reader checks each table against
/// these lists (an unknown key is an error with a suggestion), and the manual page of the
/// format is tested against them, so a new key cannot go undocumented.
public enum ConfigKeys {
    /// The tables at the top level of the file.
    public static let topLevel = ["rung", "channel", "ladder", "performance", "prompts", "coaching"]
    /// `[rung]`.
    public static let rung = ["timezone", "quiet_hours", "channels"]
    /// `[channel.NAME]` with `kind = "desktop"`.
    public static let desktopChannel = ["kind", "urgency", "expire_timeout", "app_name"]
    /// `[channel.NAME]` with `kind = "email"`.
    public static let emailChannel = ["kind", "to", "from", "sendmail", "timeout"]
    /// `[channel.NAME]` with `kind = "command"`.
    public static let commandChannel = ["kind", "argv", "timeout"]
    /// `[channel.NAME]` of any kind, for a channel whose kind is missing or unknown.
    public static let anyChannel = ["kind", "urgency", "expire_timeout", "app_name", "to", "from", "sendmail", "argv", "timeout"]
    /// `[coaching]`, and the same keys in a ladder for that ladder alone.
    public static let coaching = CoachingSettings.keyNames
    /// `[ladder.ID]`.
    public static let ladder = ["skill", "check_in", "rungs", "channels"] + coaching
    /// Each table of a ladder's `rungs`.
    public static let rungEntry = ["title", "stakes"]
    /// `[performance.ID]`.
    public static let performance = ["title", "ladder", "rung", "stakes", "at", "on", "duration", "peer", "observer", "channels"]
    /// `[prompts]`: one table per kind of prompt.
    public static let prompts = PromptKind.allCases.map(\.rawValue)

    /// `[prompts.KIND]`: an offset only for prompts placed around a performance, a re-nudge
    /// only for the debrief, days only for the rehearsal, escalation only for prompts that
    /// ask for an answer.
    public static func prompt(_ kind: PromptKind) -> [String] {
        var keys = ["enabled", "expires_after", "channels"]
        if kind != .checkIn, kind != .rehearsal { keys.append("offset") }
        if kind == .debrief { keys.append("renudge_after") }
        if kind == .rehearsal { keys.append("days_before") }
        if kind.asksForAnswer { keys.append("escalate_after") }
        return keys
    }
}
