import Foundation
import Testing
@testable import RungCore
import RungTOML

/// A config written the way a person might: comments everywhere, odd spacing, keys out of
/// the usual order, tables interleaved.
private let commented = """
    # my practice
    [rung]
    timezone="Europe/Lisbon"   # where I live
    channels = [ "desktop" ]

    [channel.desktop]
    kind = "desktop"

    [ladder.talks]
    skill = "giving a talk"  # the one I fear
    rungs = [
        # easy first
        { title = "Coffee chat", stakes = "low" },
    \t{ title = "Stand-up", stakes = "low" }, # daily
        { title = "Team demo", stakes = "medium" }
    ]

    [performance.meetup]
    title   = "Meetup talk"
    rung = 3
    ladder = "talks"
    at = 2027-03-18T19:00:00   # the big one

    # --- prompts below ---
    [prompts.reframe]
    offset = "-15min"

    [performance.standup]
    ladder = "talks"
    title = "Stand-up"
    rung = 2
    on = "Mon 09:30"
    # trailing comment of standup
    """

/// What is left of `edited` once `inserted` is taken out at the first place the two differ.
private func removingInsertion(_ edited: String, original: String) -> (before: String, inserted: String, after: String) {
    let a = Array(original.utf8), b = Array(edited.utf8)
    var prefix = 0
    while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
    let insertedCount = b.count - a.count
    let inserted = String(decoding: b[prefix..<(prefix + insertedCount)], as: UTF8.self)
    return (String(decoding: b[..<prefix], as: UTF8.self), inserted, String(decoding: b[(prefix + insertedCount)...], as: UTF8.self))
}

@Suite("Editing the config in place")
struct ConfigEditTests {
    @Test("a performance goes after the last performance table, every other byte kept")
    func appendsAfterLastPerformance() throws {
        let edited = try ConfigEdit.appendingTable(
            "performance", id: "demo", entries: [("title", ConfigEdit.quoted("Team demo")), ("ladder", "\"talks\""), ("rung", "3"), ("at", "\"2027-04-01 10:00\"")],
            to: commented)
        let parts = removingInsertion(edited, original: commented)
        #expect(parts.before + parts.after == commented)
        #expect(parts.inserted == "\n[performance.demo]\ntitle = \"Team demo\"\nladder = \"talks\"\nrung = 3\nat = \"2027-04-01 10:00\"\n")
        #expect(parts.before.hasSuffix("on = \"Mon 09:30\"\n"))
        #expect(parts.after == "# trailing comment of standup")
        #expect(ConfigLoader.check(edited, path: "rung.toml").errors.isEmpty)
    }

    @Test("a table of a kind the file lacks goes at the end, after a blank line")
    func appendsAtTheEnd() throws {
        let text = "[rung]\nchannels = []"
        let edited = try ConfigEdit.appendingTable("ladder", id: "chess", entries: [("skill", "\"chess\"")], to: text)
        #expect(edited == "[rung]\nchannels = []\n\n[ladder.chess]\nskill = \"chess\"\n")
        let ended = try ConfigEdit.appendingTable("ladder", id: "chess", entries: [("skill", "\"chess\"")], to: "a = 1\n\n")
        #expect(ended == "a = 1\n\n[ladder.chess]\nskill = \"chess\"\n")
    }

    @Test("a ladder goes after the last ladder, before the performances, with CRLF kept")
    func appendsLadderWithCRLF() throws {
        let text = "[ladder.a]\r\nskill = \"a\"\r\nrungs = [{ title = \"x\", stakes = \"low\" }]\r\n\r\n[performance.p]\r\ntitle = \"p\"\r\n"
        let edited = try ConfigEdit.appendingTable(
            "ladder", id: "b", entries: [("skill", "\"b\""), ("rungs", ConfigEdit.rungsArray([Rung(title: "y", stakes: .low)]))], to: text)
        #expect(edited == "[ladder.a]\r\nskill = \"a\"\r\nrungs = [{ title = \"x\", stakes = \"low\" }]\r\n\r\n[ladder.b]\r\nskill = \"b\"\r\nrungs = [\r\n    { title = \"y\", stakes = \"low\" },\r\n]\r\n\r\n[performance.p]\r\ntitle = \"p\"\r\n")
        #expect(TOMLParser.read(edited).errors.isEmpty)
    }

    @Test("an id already defined is refused with where it is, in any case")
    func refusesExistingID() {
        #expect(throws: ConfigEditError.self) { try ConfigEdit.appendingTable("performance", id: "MEETUP", entries: [], to: commented) }
        do {
            _ = try ConfigEdit.appendingTable("performance", id: "standup", entries: [], to: commented)
        } catch {
            #expect(error.message == "performance 'standup' is already defined at line 28")
        }
    }

    @Test("strings are escaped as TOML reads them back", arguments: [
        "plain", "with \"quotes\"", "back\\slash", "tab\there", "line\nbreak", "bell\u{07}", "del\u{7F}", "Tomás 🎤", "",
    ])
    func escaping(_ text: String) throws {
        let quoted = ConfigEdit.quoted(text)
        #expect(!quoted.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(try TOMLParser.parse("a = \(quoted)")["a"]?.value.string == text)
    }

    @Test("a date-time stays a TOML date-time; the other forms become strings")
    func dateTimes() {
        #expect(ConfigEdit.dateTimeValue("2027-03-18T19:00:00") == "2027-03-18T19:00:00")
        #expect(ConfigEdit.dateTimeValue("2027-03-18T19:00:00+02:00") == "2027-03-18T19:00:00+02:00")
        #expect(ConfigEdit.dateTimeValue("2027-03-18 19:00 Europe/Lisbon") == "\"2027-03-18 19:00 Europe/Lisbon\"")
        #expect(ConfigEdit.dateTimeValue("Tomorrow") == "\"Tomorrow\"")
        #expect(ConfigEdit.dateTimeValue("2027-03-18T19:00:00\nx = 1") == "\"2027-03-18T19:00:00\\nx = 1\"", "nothing but the value gets into the file")
        #expect(ConfigEdit.dateTimeValue("2027-03-18T19:00:00\"x") == "\"2027-03-18T19:00:00\\\"x\"")
    }

    @Test("non-ASCII is written as it is, not escaped")
    func keepsNonASCII() {
        #expect(ConfigEdit.quoted("Tomás") == "\"Tomás\"")
        #expect(ConfigEdit.quoted("a\"b\\c\u{01}") == "\"a\\\"b\\\\c\\u0001\"")
    }

    @Test("a rung goes on a line of its own among rungs one to a line, comments and tabs kept")
    func insertsRungMultiLine() throws {
        let edited = try ConfigEdit.insertingRung(title: "Demo to a friend", stakes: .low, into: "talks", after: 2, in: commented)
        #expect(edited.contains("\t{ title = \"Stand-up\", stakes = \"low\" }, # daily\n\t{ title = \"Demo to a friend\", stakes = \"low\" },\n    { title = \"Team demo\""))
        let check = ConfigLoader.check(edited, path: "rung.toml")
        #expect(check.errors.isEmpty)
        #expect(check.config?.ladder("talks")?.rungs.map(\.title) == ["Coffee chat", "Stand-up", "Demo to a friend", "Team demo"])
        // Performances naming a later rung by number follow it; earlier ones stay.
        #expect(check.config?.performances.first { $0.id == "meetup" }?.rung == 3)
        #expect(check.config?.performances.first { $0.id == "standup" }?.rung == 1)
        #expect(edited.replacingOccurrences(of: "\t{ title = \"Demo to a friend\", stakes = \"low\" },\n", with: "")
            .replacingOccurrences(of: "rung = 4", with: "rung = 3") == commented)
    }

    @Test("after the last rung without a trailing comma, the comma is added and the style kept")
    func insertsAfterLastWithoutComma() throws {
        let edited = try ConfigEdit.insertingRung(title: "Conference", stakes: .high, into: "talks", after: 3, in: commented)
        #expect(edited.contains("    { title = \"Team demo\", stakes = \"medium\" },\n    { title = \"Conference\", stakes = \"high\" }\n]"))
        #expect(ConfigLoader.check(edited, path: "rung.toml").config?.ladder("talks")?.rungs.count == 4)
    }

    @Test("rungs on one line get the new one beside them", arguments: [
        ("rungs = [{ title = \"a\", stakes = \"low\" }]", 1, "rungs = [{ title = \"a\", stakes = \"low\" }, { title = \"n\", stakes = \"medium\" }]"),
        ("rungs = [{title=\"a\",stakes=\"low\"}, {title=\"b\",stakes=\"low\"},]", 1,
         "rungs = [{title=\"a\",stakes=\"low\"}, {title=\"n\",stakes=\"medium\"}, {title=\"b\",stakes=\"low\"},]"),
        ("rungs = [ { stakes = \"low\", title = \"a\" } ]", 0, "rungs = [ { stakes = \"medium\", title = \"n\" }, { stakes = \"low\", title = \"a\" } ]"),
        ("rungs = [{ title = \"a\", stakes = \"low\" },]", 1, "rungs = [{ title = \"a\", stakes = \"low\" }, { title = \"n\", stakes = \"medium\" },]"),
    ])
    func insertsRungSingleLine(_ source: String, _ after: Int, _ expected: String) throws {
        let text = "[ladder.l]\nskill = \"s\"\n\(source)\n"
        let edited = try ConfigEdit.insertingRung(title: "n", stakes: .medium, into: "l", after: after, in: text)
        #expect(edited == "[ladder.l]\nskill = \"s\"\n\(expected)\n")
    }

    @Test("a first rung goes before the first element, on its own line when they stand one to a line")
    func insertsFirstRung() throws {
        let text = "[ladder.l]\nskill = \"s\"\nrungs = [\n  # start\n  { title = \"a\", stakes = \"low\" }, # one\n]\n"
        let edited = try ConfigEdit.insertingRung(title: "z", stakes: .low, into: "l", after: 0, in: text)
        #expect(edited == "[ladder.l]\nskill = \"s\"\nrungs = [\n  # start\n  { title = \"z\", stakes = \"low\" },\n  { title = \"a\", stakes = \"low\" }, # one\n]\n")
    }

    @Test("an array with one element on its own line and a comment inside")
    func insertsIntoOneElementArray() throws {
        let text = "[ladder.l]\nskill = \"s\"\nrungs = [\n    { title = \"a\", stakes = \"low\" } # only\n    # more later\n]"
        let edited = try ConfigEdit.insertingRung(title: "b", stakes: .low, into: "l", after: 1, in: text)
        #expect(edited == "[ladder.l]\nskill = \"s\"\nrungs = [\n    { title = \"a\", stakes = \"low\" }, # only\n    { title = \"b\", stakes = \"low\" }\n    # more later\n]")
        #expect(TOMLParser.read(edited).errors.isEmpty)
    }

    @Test("a rung outside the ladder or a missing ladder is refused")
    func refusesBadRungPlace() {
        #expect(throws: ConfigEditError.self) { try ConfigEdit.insertingRung(title: "x", stakes: .low, into: "talks", after: 4, in: commented) }
        #expect(throws: ConfigEditError.self) { try ConfigEdit.insertingRung(title: "x", stakes: .low, into: "chess", after: 1, in: commented) }
    }
}
