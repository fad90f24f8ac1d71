import RungCore
import RungSystemd
import RungTime

/// A notification server as the desktop channel sees it: its name, for the ledger, and
/// what it can show (`GetCapabilities`).
struct NotificationServer: Sendable, Hashable {
    var name: String
    var capabilities: Set<String>

    /// The server shows buttons and reports which one was pressed.
    var showsActions: Bool { capabilities.contains("actions") }
    /// The server reads the body as markup, so text must be escaped to show as written.
    var readsBodyMarkup: Bool { capabilities.contains("body-markup") }
}

/// How a prompt becomes an `org.freedesktop.Notifications.Notify` call (Desktop
/// Notifications Specification 1.2), given what the server can show.
enum DesktopNotification {
    static let busName = "org.freedesktop.Notifications"
    static let objectPath = "/org/freedesktop/Notifications"
    static let interface = "org.freedesktop.Notifications"

    /// `NotificationClosed` reason: the person dismissed it.
    static let dismissedByUser: UInt32 = 2

    /// A call of `member` on the notification server.
    static func call(_ member: String, _ arguments: [BusValue] = []) -> BusMethodCall {
        BusMethodCall(destination: busName, path: objectPath, interface: interface, member: member, arguments: arguments)
    }

    /// `Notify(app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout)`.
    /// Buttons go only to a server that shows them (and "default" never: a click on the
    /// bubble is not an answer); without them the body says which command answers.
    static func notifyCall(for message: PromptMessage, settings: Channel.Desktop, server: NotificationServer) -> BusMethodCall {
        let actions = server.showsActions ? message.actions.flatMap { [plain($0.id), plain($0.label)] } : []
        return call("Notify", [
            .string(plain(settings.appName)),
            .uint32(0),
            .string(""),
            .string(plain(message.title)),
            .string(body(for: message, server: server)),
            .stringArray(actions),
            .variantDictionary(hints(for: message, settings: settings)),
            .int32(expireTimeout(settings.expireTimeout)),
        ])
    }

    /// The prompt's text, with the answering command when the server shows no buttons;
    /// escaped when the server reads markup, so that no text of the person's is ever
    /// taken for markup, and sent as written otherwise, which such a server shows as is.
    static func body(for message: PromptMessage, server: NotificationServer) -> String {
        var text = plain(message.body)
        if !server.showsActions, !message.actions.isEmpty {
            text += (text.isEmpty ? "" : "\n\n") + "Answer with: " + plain(message.answerHint)
        }
        return server.readsBodyMarkup ? escapedMarkup(text) : text
    }

    /// `urgency` as the byte the specification asks for, `category` (`x-rung.KIND`, for
    /// the server's rules to match) and `desktop-entry`.
    static func hints(for message: PromptMessage, settings: Channel.Desktop) -> [String: BusValue] {
        let urgency: UInt8 = switch settings.urgency {
        case .low: 0
        case .normal: 1
        case .critical: 2
        }
        return [
            "urgency": .byte(urgency),
            "category": .string("x-rung." + plain(message.kind)),
            "desktop-entry": .string("rung"),
        ]
    }

    /// Milliseconds the server shows it; -1 leaves that to the server, 0 keeps it until closed.
    static func expireTimeout(_ span: TimeSpan?) -> Int32 {
        guard let span else { return -1 }
        return Int32(clamping: span.microseconds / 1000)
    }

    /// `text` with `&`, `<` and `>` written as entities, so a markup reader shows it as is.
    static func escapedMarkup(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// `text` without U+0000, which a D-Bus string cannot carry.
    static func plain(_ text: String) -> String {
        text.contains("\u{0}") ? String(text.unicodeScalars.filter { $0 != "\u{0}" }) : text
    }
}
