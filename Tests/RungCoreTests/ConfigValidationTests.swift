import RungTime
import Testing
@testable import RungCore

/// A malformed config and every error it must produce, compiler style.
struct MalformedConfig: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let errors: [String]
    init(_ name: String, _ source: String, _ errors: String...) {
        self.name = name
        self.source = source
        self.errors = errors
    }
    var testDescription: String { name }
}

/// A usable config and the warnings it must produce.
struct WarnedConfig: CustomTestStringConvertible, Sendable {
    let name: String
    let source: String
    let warnings: [String]
    init(_ name: String, _ source: String, _ warnings: String...) {
        self.name = name
        self.source = source
        self.warnings = warnings
    }
    var testDescription: String { name }
}

private let malformed: [MalformedConfig] = [
    // Syntax
    .init("unclosed header", "[rung\n", "rung.toml:1:6: error: expected ']' to close the table header"),
    .init("duplicate key", "[rung]\nquiet_hours = \"22:00-07:00\"\nquiet_hours = \"23:00-07:00\"", "rung.toml:3:1: error: duplicate key 'quiet_hours' (first defined at line 2)"),
    .init("redefined table", "[ladder.talks]\nskill = \"speaking\"\nrungs = [{ title = \"a\", stakes = \"low\" }]\n[ladder.talks]\nclim_after = 3",
          "rung.toml:4:9: error: cannot define [ladder.talks]: the table was already defined at line 1",
          "rung.toml:5:1: error: unknown key 'clim_after' in [ladder.talks] (did you mean 'climb_after'?)"),
    .init("duplicate key among other errors", "[rung]\nquiet_hours = \"7-8\"\nquiet_hours = \"22:00-07:00\"\ncolour = \"blue\"\n[ladder.talks]\nskill = 3\nskill = \"speaking\"\nrungs = []",
          "rung.toml:2:15: error: 'quiet_hours' in [rung]: invalid quiet hours '7-8': expected HH:MM-HH:MM, e.g. 22:00-07:30",
          "rung.toml:3:1: error: duplicate key 'quiet_hours' (first defined at line 2)",
          "rung.toml:4:1: error: unknown key 'colour' in [rung]",
          "rung.toml:6:9: error: 'skill' in [ladder.talks] must be a string, not an integer",
          "rung.toml:7:1: error: duplicate key 'skill' (first defined at line 6)",
          "rung.toml:8:9: error: [ladder.talks] has no rungs: list them from just manageable to genuinely challenging"),
    .init("duplicate key before a syntax error", "[rung]\ntimezone = \"UTC\"\ntimezone = \"UTC\"\ncolour = \"blue\"\n[ladder.talks\nskill = 3",
          "rung.toml:3:1: error: duplicate key 'timezone' (first defined at line 2)",
          "rung.toml:5:14: error: expected ']' to close the table header"),
    .init("unterminated string", "[ladder.talks]\nskill = \"speaking", "rung.toml:2:9: error: unterminated string"),
    // Unknown keys
    .init("unknown top-level key", "[promps]", "rung.toml:1:2: error: unknown key 'promps' (did you mean 'prompts'?)"),
    .init("unknown top-level key without a near miss", "colour = \"blue\"", "rung.toml:1:1: error: unknown key 'colour'"),
    .init("unknown key in [rung]", "[rung]\nquiet_hour = \"22:00-07:00\"", "rung.toml:2:1: error: unknown key 'quiet_hour' in [rung] (did you mean 'quiet_hours'?)"),
    .init("unknown key in a ladder", "[ladder.talks]\nskill = \"speaking\"\nclim_after = 3\nrungs = [{ title = \"a\", stakes = \"low\" }]",
          "rung.toml:3:1: error: unknown key 'clim_after' in [ladder.talks] (did you mean 'climb_after'?)"),
    .init("unknown key in a performance", "[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01T10:00:00\nobservr = \"Ana\"",
          "rung.toml:4:1: error: unknown key 'observr' in [performance.demo] (did you mean 'observer'?)"),
    .init("email key in a desktop channel", "[channel.desk]\nkind = \"desktop\"\nto = \"me@example.org\"",
          "rung.toml:3:1: error: unknown key 'to' in [channel.desk] (a desktop channel has urgency, expire_timeout, app_name)"),
    .init("unknown key in a rung", "[ladder.talks]\nskill = \"speaking\"\nrungs = [{ title = \"a\", stake = \"low\" }]",
          "rung.toml:3:10: error: missing required key 'stakes' in rung 1 of [ladder.talks]",
          "rung.toml:3:25: error: unknown key 'stake' in rung 1 of [ladder.talks] (did you mean 'stakes'?)"),
    .init("unknown prompt kind", "[prompts.debreif]\noffset = \"+10min\"", "rung.toml:1:10: error: unknown key 'debreif' in [prompts] (did you mean 'debrief'?)"),
    .init("unknown key in a prompt kind", "[prompts.reframe]\noffest = \"-15min\"", "rung.toml:2:1: error: unknown key 'offest' in [prompts.reframe] (did you mean 'offset'?)"),
    .init("re-nudge of a kind that has none", "[prompts.reframe]\nrenudge_after = \"1h\"", "rung.toml:2:1: error: unknown key 'renudge_after' in [prompts.reframe]"),
    .init("escalation of a kind that asks for no answer", "[prompts.affirmation]\nescalate_after = \"1h\"", "rung.toml:2:1: error: unknown key 'escalate_after' in [prompts.affirmation]"),
    .init("offset of check-ins", "[prompts.check_in]\noffset = \"1h\"", "rung.toml:2:1: error: unknown key 'offset' in [prompts.check_in]"),
    // Types
    .init("skill is a number", "[ladder.talks]\nskill = 3\nrungs = [{ title = \"a\", stakes = \"low\" }]",
          "rung.toml:2:9: error: 'skill' in [ladder.talks] must be a string, not an integer"),
    .init("climb_after is a string", "[ladder.talks]\nskill = \"speaking\"\nclimb_after = \"two\"\nrungs = [{ title = \"a\", stakes = \"low\" }]",
          "rung.toml:3:15: error: 'climb_after' in [ladder.talks] must be an integer, not a string"),
    .init("rungs is a string", "[ladder.talks]\nskill = \"speaking\"\nrungs = \"a, b\"",
          "rung.toml:3:9: error: 'rungs' in [ladder.talks] must be an array of tables, not a string"),
    .init("a rung is a string", "[ladder.talks]\nskill = \"speaking\"\nrungs = [\"a\"]",
          "rung.toml:3:10: error: rung 1 of [ladder.talks] must be a table like { title = \"…\", stakes = \"low\" }, not a string"),
    .init("[rung] is a value", "rung = 1", "rung.toml:1:8: error: 'rung' must be a table ([rung]), not an integer"),
    .init("channel is a string", "channel = \"desktop\"", "rung.toml:1:11: error: 'channel' must be a table ([channel]), not a string"),
    .init("a channel is a number", "[channel]\ndesk = 1", "rung.toml:2:8: error: 'channel.desk' must be a table ([channel.desk]), not an integer"),
    .init("a prompt kind is a string", "[prompts]\nreframe = \"-15min\"", "rung.toml:2:11: error: 'reframe' must be a table ([prompts.reframe]), not a string"),
    .init("enabled is a string", "[prompts.vicarious]\nenabled = \"no\"", "rung.toml:2:11: error: 'enabled' in [prompts.vicarious] must be a boolean, not a string"),
    .init("quiet_hours is a number", "[rung]\nquiet_hours = 22", "rung.toml:2:15: error: 'quiet_hours' in [rung] must be a string, not an integer"),
    .init("rung is a float", "[ladder.talks]\nskill = \"speaking\"\nrungs = [{ title = \"a\", stakes = \"low\" }]\n[performance.demo]\ntitle = \"Demo\"\nladder = \"talks\"\nrung = 1.5\nat = 2030-01-01T10:00:00",
          "rung.toml:7:8: error: 'rung' in [performance.demo] must be a rung number (from 1) or a rung title, not a float"),
    .init("at is a number", "[performance.demo]\ntitle = \"Demo\"\nat = 5",
          "rung.toml:3:6: error: 'at' in [performance.demo] must be a date-time (2026-06-12T18:30:00) or a string (\"2026-06-12 18:30 Europe/Berlin\"), not an integer"),
    // Missing keys
    .init("ladder without skill", "[ladder.talks]\nrungs = [{ title = \"a\", stakes = \"low\" }]", "rung.toml:1:1: error: missing required key 'skill' in [ladder.talks]"),
    .init("ladder without rungs", "[ladder.talks]\nskill = \"speaking\"", "rung.toml:1:1: error: missing required key 'rungs' in [ladder.talks]"),
    .init("rung without title", "[ladder.talks]\nskill = \"speaking\"\nrungs = [{ stakes = \"low\" }]", "rung.toml:3:10: error: missing required key 'title' in rung 1 of [ladder.talks]"),
    .init("channel without kind", "[channel.desk]\nurgency = \"low\"", "rung.toml:1:1: error: missing required key 'kind' in [channel.desk]"),
    .init("email without recipient", "[channel.mail]\nkind = \"email\"", "rung.toml:1:1: error: missing required key 'to' in [channel.mail]"),
    .init("command without argv", "[channel.hook]\nkind = \"command\"", "rung.toml:1:1: error: missing required key 'argv' in [channel.hook]"),
    .init("performance without title", "[performance.demo]\nat = 2030-01-01T10:00:00", "rung.toml:1:1: error: missing required key 'title' in [performance.demo]"),
    .init("performance without a time", "[performance.demo]\ntitle = \"Demo\"",
          "rung.toml:1:1: error: [performance.demo] needs 'at' (one date and time) or 'on' (a calendar expression)"),
    .init("performance on a ladder without a rung", "[ladder.talks]\nskill = \"speaking\"\nrungs = [{ title = \"a\", stakes = \"low\" }]\n[performance.demo]\ntitle = \"Demo\"\nladder = \"talks\"\nat = 2030-01-01T10:00:00",
          "rung.toml:4:1: error: missing required key 'rung' in [performance.demo]"),
    // Values
    .init("empty ladder", "[ladder.talks]\nskill = \"speaking\"\nrungs = []",
          "rung.toml:3:9: error: [ladder.talks] has no rungs: list them from just manageable to genuinely challenging"),
    .init("unknown stakes", "[ladder.talks]\nskill = \"speaking\"\nrungs = [{ title = \"a\", stakes = \"hi\" }]",
          "rung.toml:3:34: error: 'stakes' in rung 1 of [ladder.talks] must be one of low, medium, high, not 'hi' (did you mean 'high'?)"),
    .init("misspelt stakes", "[ladder.talks]\nskill = \"speaking\"\nrungs = [{ title = \"a\", stakes = \"low\" }, { title = \"b\", stakes = \"meduim\" }]",
          "rung.toml:3:67: error: 'stakes' in rung 2 of [ladder.talks] must be one of low, medium, high, not 'meduim' (did you mean 'medium'?)"),
    .init("duplicate rung title", "[ladder.talks]\nskill = \"speaking\"\nrungs = [\n  { title = \"Friend\", stakes = \"low\" },\n  { title = \"Friend\", stakes = \"medium\" },\n]",
          "rung.toml:5:13: error: duplicate rung title 'Friend' in [ladder.talks] (first at rung 1)"),
    .init("climb_after of zero", "[ladder.talks]\nskill = \"speaking\"\nclimb_after = 0\nrungs = [{ title = \"a\", stakes = \"low\" }]",
          "rung.toml:3:15: error: 'climb_after' in [ladder.talks] must be between 1 and 1000, not 0"),
    .init("empty skill", "[ladder.talks]\nskill = \"  \"\nrungs = [{ title = \"a\", stakes = \"low\" }]", "rung.toml:2:9: error: 'skill' in [ladder.talks] must not be empty"),
    .init("unknown channel kind", "[channel.sms]\nkind = \"sms\"", "rung.toml:2:8: error: 'kind' in [channel.sms] must be one of desktop, email, command, not 'sms'"),
    .init("misspelt channel kind", "[channel.mail]\nkind = \"emial\"\nto = \"me@example.org\"",
          "rung.toml:2:8: error: 'kind' in [channel.mail] must be one of desktop, email, command, not 'emial' (did you mean 'email'?)"),
    .init("recipient is not an address", "[channel.mail]\nkind = \"email\"\nto = \"me at example.org\"",
          "rung.toml:3:6: error: 'to' in [channel.mail] is not a single email address: \"me at example.org\": it holds a space, comma or semicolon: one address only, without a name"),
    .init("sender smuggles a header", "[channel.mail]\nkind = \"email\"\nto = \"me@example.org\"\nfrom = \"me@example.org\\nBcc: you@example.org\"",
          "rung.toml:4:8: error: 'from' in [channel.mail] is not a single email address: \"me@example.org\\nBcc: you@example.org\": it holds a line break"),
    .init("empty sendmail", "[channel.mail]\nkind = \"email\"\nto = \"me@example.org\"\nsendmail = []",
          "rung.toml:4:12: error: 'sendmail' in [channel.mail] must name a program: the list is empty"),
    .init("sendmail with a number", "[channel.mail]\nkind = \"email\"\nto = \"me@example.org\"\nsendmail = [\"msmtp\", 1]",
          "rung.toml:4:22: error: 'sendmail' in [channel.mail] must be an array of strings, but holds an integer"),
    .init("sendmail as a shell string", "[channel.mail]\nkind = \"email\"\nto = \"me@example.org\"\nsendmail = \"msmtp -t\"",
          "rung.toml:4:12: error: 'sendmail' in [channel.mail] must be an array of strings, not a string"),
    .init("empty program", "[channel.hook]\nkind = \"command\"\nargv = [\"\", \"x\"]", "rung.toml:3:9: error: 'argv' in [channel.hook] must name a program: the first word is empty"),
    .init("zero timeout", "[channel.hook]\nkind = \"command\"\nargv = [\"notify\"]\ntimeout = \"0\"",
          "rung.toml:4:11: error: 'timeout' in [channel.hook] must be a finite time longer than 0"),
    .init("bad timeout", "[channel.hook]\nkind = \"command\"\nargv = [\"notify\"]\ntimeout = \"5 parsecs\"",
          "rung.toml:4:11: error: 'timeout' in [channel.hook]: Failed to parse time span '5 parsecs': expected a number at 'parsecs'"),
    .init("unknown urgency", "[channel.desk]\nkind = \"desktop\"\nurgency = \"urgent\"",
          "rung.toml:3:11: error: 'urgency' in [channel.desk] must be one of low, normal, critical, not 'urgent'"),
    .init("bad expire_timeout", "[channel.desk]\nkind = \"desktop\"\nexpire_timeout = \"soon\"",
          "rung.toml:3:18: error: 'expire_timeout' in [channel.desk]: Failed to parse time span 'soon': expected a number at 'soon'"),
    .init("empty app name", "[channel.desk]\nkind = \"desktop\"\napp_name = \"\"", "rung.toml:3:12: error: 'app_name' in [channel.desk] must not be empty"),
    .init("empty quiet hours", "[rung]\nquiet_hours = \"22:00-22:00\"",
          "rung.toml:2:15: error: 'quiet_hours' in [rung]: invalid quiet hours '22:00-22:00': start and end are the same, so the quiet hours are empty"),
    .init("quiet hours past midnight", "[rung]\nquiet_hours = \"25:00-07:00\"",
          "rung.toml:2:15: error: 'quiet_hours' in [rung]: invalid quiet hours '25:00-07:00': '25:00' is not a time of day"),
    .init("quiet hours in words", "[rung]\nquiet_hours = \"late\"",
          "rung.toml:2:15: error: 'quiet_hours' in [rung]: invalid quiet hours 'late': expected HH:MM-HH:MM, e.g. 22:00-07:30"),
    .init("unknown channel in the chain", "[channel.email]\nkind = \"email\"\nto = \"me@example.org\"\n[rung]\nchannels = [\"emial\"]",
          "rung.toml:5:13: error: unknown channel 'emial' (did you mean 'email'?)"),
    .init("empty chain", "[rung]\nchannels = []", "rung.toml:2:12: error: 'channels' in [rung] must name at least one channel"),
    .init("channel listed twice", "[channel.desk]\nkind = \"desktop\"\n[rung]\nchannels = [\"desk\", \"desk\"]",
          "rung.toml:4:21: error: channel 'desk' is listed twice in 'channels' of [rung]"),
    .init("chain as a string", "[channel.desk]\nkind = \"desktop\"\n[rung]\nchannels = \"desk\"",
          "rung.toml:4:12: error: 'channels' in [rung] must be an array of channel names, not a string"),
    .init("no error cascade from a broken channel", "[channel.mail]\nkind = \"email\"\n[rung]\nchannels = [\"mail\"]",
          "rung.toml:1:1: error: missing required key 'to' in [channel.mail]"),
    .init("unknown channel of a performance", "[channel.desk]\nkind = \"desktop\"\n[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01T10:00:00\nchannels = [\"dekst\"]",
          "rung.toml:6:13: error: unknown channel 'dekst' (did you mean 'desk'?)"),
    // References and ids
    .init("unknown ladder", "[ladder.talks]\nskill = \"speaking\"\nrungs = [{ title = \"a\", stakes = \"low\" }]\n[performance.demo]\ntitle = \"Demo\"\nladder = \"talk\"\nrung = 1\nat = 2030-01-01T10:00:00",
          "rung.toml:6:10: error: [performance.demo] refers to unknown ladder 'talk' (did you mean 'talks'?)"),
    .init("rung out of range", "[ladder.talks]\nskill = \"speaking\"\nrungs = [{ title = \"a\", stakes = \"low\" }]\n[performance.demo]\ntitle = \"Demo\"\nladder = \"talks\"\nrung = 2\nat = 2030-01-01T10:00:00",
          "rung.toml:7:8: error: rung 2 is out of range: ladder 'talks' has rungs 1 to 1"),
    .init("unknown rung title", "[ladder.talks]\nskill = \"speaking\"\nrungs = [{ title = \"Friend\", stakes = \"low\" }]\n[performance.demo]\ntitle = \"Demo\"\nladder = \"talks\"\nrung = \"Freind\"\nat = 2030-01-01T10:00:00",
          "rung.toml:7:8: error: ladder 'talks' has no rung titled 'Freind' (did you mean 'Friend'?)"),
    .init("rung without a ladder", "[performance.demo]\ntitle = \"Demo\"\nrung = 1\nat = 2030-01-01T10:00:00",
          "rung.toml:3:1: error: 'rung' in [performance.demo] needs a 'ladder' to be a rung of"),
    .init("current rung without a ladder", "[performance.demo]\ntitle = \"Demo\"\nrung = \"current\"\nat = 2030-01-01T10:00:00",
          "rung.toml:3:1: error: rung = \"current\" in [performance.demo] follows a ladder, but it names no 'ladder'"),
    .init("ill-formed id", "[ladder.\"my talks\"]\nskill = \"speaking\"\nrungs = [{ title = \"a\", stakes = \"low\" }]",
          "rung.toml:1:9: error: ill-formed ladder id 'my talks': use letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters"),
    .init("id starting with a dash", "[channel.-desk]\nkind = \"desktop\"",
          "rung.toml:1:10: error: ill-formed channel id '-desk': use letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters"),
    .init("ids differing only in case", "[performance.Demo]\ntitle = \"A\"\nat = 2030-01-01T10:00:00\n[performance.demo]\ntitle = \"B\"\nat = 2030-01-02T10:00:00",
          "rung.toml:4:14: error: performance id 'demo' differs from 'Demo' (line 1) only in case"),
    // Times
    .init("at is a date only", "[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01", "rung.toml:3:6: error: 'at' in [performance.demo] needs a date and a time, not a local date"),
    .init("at in words", "[performance.demo]\ntitle = \"Demo\"\nat = \"tomorrow\"",
          "rung.toml:3:6: error: 'at' in [performance.demo] must look like \"2026-06-12 18:30\" or \"2026-06-12 18:30 Europe/Berlin\", not 'tomorrow'"),
    .init("at on a day that does not exist", "[performance.demo]\ntitle = \"Demo\"\nat = \"2030-02-30 18:00\"",
          "rung.toml:3:6: error: 'at' in [performance.demo] is not a valid date and time: '2030-02-30 18:00'"),
    .init("both at and on", "[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01T10:00:00\non = \"Mon 10:00\"",
          "rung.toml:4:1: error: [performance.demo] has both 'at' and 'on': use 'at' for one date, 'on' for a recurring practice"),
    .init("zero duration", "[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01T10:00:00\nduration = \"0\"",
          "rung.toml:4:12: error: 'duration' in [performance.demo] must be a finite time longer than 0"),
    .init("bad duration", "[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01T10:00:00\nduration = \"1 fortnight\"",
          "rung.toml:4:12: error: 'duration' in [performance.demo]: Failed to parse time span '1 fortnight': expected a number at 'fortnight'"),
    .init("empty peer", "[performance.demo]\ntitle = \"Demo\"\nat = 2030-01-01T10:00:00\npeer = \"\"", "rung.toml:4:8: error: 'peer' in [performance.demo] must not be empty"),
    .init("reframe after the start", "[prompts.reframe]\noffset = \"+5min\"",
          "rung.toml:2:10: error: 'offset' in [prompts.reframe] must be negative: the prompt comes before the performance starts"),
    .init("vicarious with no sign", "[prompts.vicarious]\noffset = \"1d\"",
          "rung.toml:2:10: error: 'offset' in [prompts.vicarious] must be negative: the prompt comes before the performance starts"),
    .init("debrief before the end", "[prompts.debrief]\noffset = \"-5min\"",
          "rung.toml:2:10: error: 'offset' in [prompts.debrief] must not be negative: it counts from the end of the performance"),
    .init("zero expiry", "[prompts.affirmation]\nexpires_after = \"0\"", "rung.toml:2:17: error: 'expires_after' in [prompts.affirmation] must be a finite time longer than 0"),
    .init("bad offset", "[prompts.reframe]\noffset = \"--5min\"", "rung.toml:2:10: error: 'offset' in [prompts.reframe]: Failed to parse time span '--5min': more than one sign"),
    .init("infinite re-nudge", "[prompts.debrief]\nrenudge_after = \"infinity\"",
          "rung.toml:2:17: error: 'renudge_after' in [prompts.debrief] must be finite; use \"0\" for no re-nudge"),
    .init("infinite escalation", "[prompts.check_in]\nescalate_after = \"infinity\"",
          "rung.toml:2:18: error: 'escalate_after' in [prompts.check_in] must be finite; use \"0\" for no escalation"),
    .init("escalation that is not a time span", "[prompts.debrief]\nescalate_after = 3600",
          "rung.toml:2:18: error: 'escalate_after' in [prompts.debrief] must be a string, not an integer"),
    // Several at once
    .init("every error at once, in order", """
        [performance.demo]
        title = 1
        at = "soon"
        [ladder.talks]
        skil = "speaking"
        rungs = []
        [rung]
        quiet_hours = "7-8"
        """,
          "rung.toml:2:9: error: 'title' in [performance.demo] must be a string, not an integer",
          "rung.toml:3:6: error: 'at' in [performance.demo] must look like \"2026-06-12 18:30\" or \"2026-06-12 18:30 Europe/Berlin\", not 'soon'",
          "rung.toml:4:1: error: missing required key 'skill' in [ladder.talks]",
          "rung.toml:5:1: error: unknown key 'skil' in [ladder.talks] (did you mean 'skill'?)",
          "rung.toml:6:9: error: [ladder.talks] has no rungs: list them from just manageable to genuinely challenging",
          "rung.toml:8:15: error: 'quiet_hours' in [rung]: invalid quiet hours '7-8': expected HH:MM-HH:MM, e.g. 22:00-07:30"),
]

private let warned: [WarnedConfig] = [
    .init("no channels", "[rung]\nquiet_hours = \"22:00-07:00\"", "rung.toml:1:1: warning: no [channel.NAME] is defined, so no prompt can be delivered"),
    .init("unused ladder and a high-stakes first rung", "[channel.desk]\nkind = \"desktop\"\n[ladder.talks]\nskill = \"speaking\"\nrungs = [{ title = \"Keynote\", stakes = \"high\" }]",
          "rung.toml:3:9: warning: ladder 'talks' is not used by any performance",
          "rung.toml:5:1: warning: ladder 'talks' has 1 rung; 5 to 12 make steps small enough to climb: add rungs between them",
          "rung.toml:5:10: warning: the first rung of [ladder.talks] is high-stakes: a ladder should start with a low-stakes rung"),
    .init("reframe outside its window", "[channel.desk]\nkind = \"desktop\"\n[prompts.reframe]\noffset = \"-2h\"",
          "rung.toml:4:10: warning: 'offset' in [prompts.reframe] is outside 60 to 5 minutes before the start, where reappraising arousal helps most"),
    .init("re-nudge after expiry", "[channel.desk]\nkind = \"desktop\"\n[prompts.debrief]\nexpires_after = \"2h\"\nrenudge_after = \"3h\"",
          "rung.toml:5:17: warning: 'renudge_after' in [prompts.debrief] is not shorter than 'expires_after' (2h), so the debrief expires before the re-nudge"),
    .init("escalation after expiry", "[channel.desk]\nkind = \"desktop\"\n[prompts.check_in]\nescalate_after = \"1d\"\nexpires_after = \"12h\"",
          "rung.toml:4:18: warning: 'escalate_after' in [prompts.check_in] is not shorter than 'expires_after' (12h), so the prompt expires before it escalates"),
]

@Suite("Config validation")
struct ConfigValidationTests {
    @Test("reports every error of a malformed config, where it is", arguments: malformed)
    func errors(_ fixture: MalformedConfig) {
        let check = ConfigLoader.check(fixture.source, path: "rung.toml")
        #expect(check.config == nil)
        #expect(check.errors.map(\.description) == fixture.errors)
    }

    @Test("warns without failing", arguments: warned)
    func warnings(_ fixture: WarnedConfig) {
        let check = ConfigLoader.check(fixture.source, path: "rung.toml")
        #expect(check.errors.map(\.description) == [])
        #expect(check.config != nil)
        #expect(check.warnings.map(\.description) == fixture.warnings)
    }

    @Test("suggests the closest name only when it is close")
    func suggestions() {
        #expect(ConfigSuggestion.closest(to: "clim_after", among: ["skill", "climb_after"]) == "climb_after")
        #expect(ConfigSuggestion.closest(to: "emial", among: ["email", "desktop"]) == "email")
        #expect(ConfigSuggestion.closest(to: "colour", among: ["rung", "prompts"]) == nil)
        #expect(ConfigSuggestion.editDistance("kitten", "sitting") == 3)
        #expect(ConfigSuggestion.editDistance("ab", "ba") == 1)
    }

    @Test("reads a small config into the model with defaults")
    func model() throws {
        let config = try ConfigLoader.load("""
            [rung]
            quiet_hours = "22:00-07:30"
            channels = ["hook", "desk"]
            [channel.desk]
            kind = "desktop"
            [channel.hook]
            kind = "command"
            argv = ["notify-phone", "--json"]
            timeout = "10s"
            [ladder.talks]
            skill = "public speaking"
            rungs = [{ title = "Friend", stakes = "low" }, { title = "Team", stakes = "medium" }]
            [performance.standup]
            title = "Stand-up update"
            ladder = "talks"
            rung = "Team"
            at = 2030-01-07T09:30:00+01:00
            peer = "Sam"
            [prompts.debrief]
            renudge_after = "0"
            escalate_after = "0"
            [prompts.check_in]
            escalate_after = "2h 30min"
            """, path: "rung.toml")
        #expect(config.channels == ["hook", "desk"])
        #expect(config.quietHours == QuietHours(start: 22 * 60, end: 7 * 60 + 30))
        #expect(config.channelDefinitions.map(\.kindName) == ["desktop", "command"])
        #expect(config.channel("hook")?.kind == .command({ var c = Channel.Command(argv: ["notify-phone", "--json"]); c.timeout = TimeSpan(microseconds: 10_000_000); return c }()))
        #expect(config.ladders.first?.coaching.climbAfter == 2)
        let performance = try #require(config.performances.first)
        #expect(performance.rung == 1)
        #expect(performance.stakes == .medium)
        #expect(performance.peer == "Sam")
        guard case .instant(let instant) = performance.schedule else {
            Issue.record("expected an exact instant")
            return
        }
        #expect(instant == Instant(seconds: 1_894_005_000))
        #expect(config.prompts.debriefRenudgeAfter == nil)
        #expect(config.prompts.debrief.escalateAfter == nil)
        #expect(config.prompts.checkIn.escalateAfter == TimeSpan(microseconds: 9_000_000_000))
        #expect(config.prompts.affirmation.escalateAfter == nil)
        #expect(config.prompts.reframe.offset == SignedTimeSpan(microseconds: -900_000_000))
    }

    @Test("converts civil times to seconds like timegm", arguments: [
        (BrokenDownTime(year: 1970, month: 1, day: 1), Int64(0)),
        (BrokenDownTime(year: 2000, month: 2, day: 29, hour: 12), Int64(951_825_600)),
        (BrokenDownTime(year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59), Int64(-1)),
        (BrokenDownTime(year: 2030, month: 1, day: 7, hour: 8, minute: 30), Int64(1_894_005_000)),
    ])
    func civilSeconds(_ time: BrokenDownTime, _ expected: Int64) {
        #expect(CivilCalendar.secondsSinceEpoch(time) == expected)
    }
}
