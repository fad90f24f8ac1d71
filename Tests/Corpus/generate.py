#!/usr/bin/env python3
"""Writes the generated part of the bad-config corpus into config/.

Each case is one small config, valid but for one line, whose first line is a comment saying
what is wrong. The files are committed: a failing case is named by its file, and the corpus
never changes unless this script is run again (`python3 Tests/Corpus/generate.py`).
Hand-written cases live beside them under names this script never writes.
"""
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "config")

# A valid config; a case replaces (or adds) one key.
BASE = [
    ("rung", [("timezone", '"UTC"'), ("channels", '["desk", "mail", "hook"]')]),
    ("channel.desk", [("kind", '"desktop"'), ("expire_timeout", '"10min"')]),
    ("channel.mail", [("kind", '"email"'), ("to", '"ana@example.org"'), ("timeout", '"1min"')]),
    ("channel.hook", [("kind", '"command"'), ("argv", '["/bin/true"]'), ("timeout", '"30s"')]),
    ("ladder.talks", [("skill", '"giving a talk"'), ("check_in", '"Sun 18:00"'), ("climb_after", "2"),
                      ("rungs", '[{ title = "Friend", stakes = "low" }, { title = "Team", stakes = "medium" }]')]),
    ("performance.meetup", [("title", '"Lightning talk"'), ("ladder", '"talks"'), ("rung", "2"),
                            ("at", "2027-03-18T19:00:00"), ("duration", '"15min"'),
                            ("peer", '"Jonas"'), ("observer", '"Mira"')]),
    ("prompts.vicarious", [("offset", '"-1d"'), ("expires_after", '"1d"')]),
    ("prompts.reframe", [("offset", '"-15min"'), ("expires_after", '"10min"')]),
    ("prompts.debrief", [("offset", '"+10min"'), ("expires_after", '"24h"'), ("renudge_after", '"3h"'),
                         ("escalate_after", '"1h"')]),
    ("prompts.affirmation", [("offset", '"+1h"'), ("expires_after", '"2d"')]),
    ("prompts.check_in", [("expires_after", '"1d"'), ("escalate_after", '"4h"')]),
]


def config(comment, table, key, value):
    """BASE with `table`.`key` set to `value` (raw TOML), first line `# comment`."""
    lines = ["# " + comment]
    found = False
    for name, entries in BASE:
        lines.append("")
        lines.append("[%s]" % name)
        for entry, raw in entries:
            if name == table and entry == key:
                found = True
                raw = value
            lines.append("%s = %s" % (entry, raw))
        if name == table and not found:
            found = True
            lines.append("%s = %s" % (key, value))
    if not found:
        lines += ["", "[%s]" % table, "%s = %s" % (key, value)]
    return "\n".join(lines) + "\n"


def write(name, text):
    with open(os.path.join(HERE, name + ".toml"), "w", encoding="utf-8", newline="\n") as file:
        file.write(text)


# Time spans far beyond any plan, or beyond 64 bits of microseconds, for every span key.
SPAN_KEYS = [
    ("channel.desk", "expire_timeout"), ("channel.mail", "timeout"), ("channel.hook", "timeout"),
    ("performance.meetup", "duration"),
    ("prompts.vicarious", "expires_after"), ("prompts.reframe", "expires_after"),
    ("prompts.debrief", "expires_after"), ("prompts.affirmation", "expires_after"),
    ("prompts.check_in", "expires_after"),
    ("prompts.debrief", "renudge_after"), ("prompts.debrief", "escalate_after"),
    ("prompts.check_in", "escalate_after"),
    ("prompts.debrief", "offset"), ("prompts.affirmation", "offset"),
]
HUGE_SPANS = {
    "300000y": "300000 years",
    "99999999999999999999s": "more seconds than 64 bits hold",
    "18446744073709551615us": "2^64 - 1 microseconds",
    "292278y": "just past the microseconds a signed 64-bit integer holds",
    "1000000000000000000000000000000min": "a 31-digit count of minutes",
}
for table, key in SPAN_KEYS:
    for span, why in HUGE_SPANS.items():
        slug = span.replace("999999", "9s").replace("000000", "0s")[:24]
        write("span-%s-%s-%s" % (table.split(".")[-1], key, slug),
              config("'%s' in [%s] is %s (%s)" % (key, table, span, why), table, key, '"%s"' % span))

# Offsets before the start, of the same sizes, with their sign.
for table in ["prompts.vicarious", "prompts.reframe"]:
    for span, why in HUGE_SPANS.items():
        slug = span.replace("999999", "9s").replace("000000", "0s")[:24]
        write("span-%s-offset-minus-%s" % (table.split(".")[-1], slug),
              config("'offset' in [%s] is -%s (%s)" % (table, span, why), table, "offset", '"-%s"' % span))

# Spans that are not spans at all.
NOT_SPANS = {
    "fifteen minutes": "words, not a span", "15 parsecs": "an unknown unit", "1.5.5h": "two decimal points",
    "h": "a unit without a number", "--5min": "a doubled sign", "nan": "not a number", "inf": "infinity",
    "1e3s": "an exponent", "15min\\u0000": "a NUL inside the span", "": "nothing",
}
for index, (span, why) in enumerate(NOT_SPANS.items()):
    for table, key in [("prompts.debrief", "escalate_after"), ("channel.hook", "timeout")]:
        write("span-garbage-%02d-%s" % (index, key), config("'%s' in [%s] is '%s': %s" % (key, table, span, why), table, key, '"%s"' % span))

# Years beyond any plan, in every place a date is written.
YEARS = {"300000": "year 300000", "999999999999": "a 12-digit year", "10000": "year 10000", "0": "year 0"}
for year, why in YEARS.items():
    write("year-at-datetime-%s" % year, config("'at' is a date-time in %s, which TOML does not allow" % why, "performance.meetup", "at", "%s-03-18T19:00:00" % year))
    if year == "0":
        continue  # no bad year elsewhere: systemd reads it as 2000, a date in the past
    write("year-at-string-%s" % year, config("'at' names %s" % why, "performance.meetup", "at", '"%s-03-18 19:00 Europe/Lisbon"' % year))
    write("year-on-%s" % year, config("'on' names %s" % why, "performance.meetup", "on", '"%s-03-18 19:00"' % year).replace("at = 2027-03-18T19:00:00\n", ""))
    write("year-check_in-%s" % year, config("'check_in' names %s" % why, "ladder.talks", "check_in", '"%s-*-* 18:00"' % year))

# Calendar expressions with absurd or broken repetitions and fields.
CALENDARS = {
    "*-*-* *:*:0/0.000001": "a repetition of a microsecond",
    "*-*-* *:*:0/0": "a repetition of zero",
    "*-*-* 9:30/0": "a zero minute repetition",
    "*-*-* *:*:00/0.0000001": "a repetition finer than a microsecond",
    "*-*-1/0 12:00": "a zero day repetition",
    "*-*-* 99:00": "hour 99",
    "*-*-* 12:60": "minute 60",
    "*-13-* 12:00": "month 13",
    "*-*-32 12:00": "day 32",
    "Mon..Frx 9:30": "an unknown weekday",
    "*-*-* 12:00 Mars/Olympus": "an unknown time zone",
    "2027-02-30..2027-02-31 12:00": "a range of days that do not exist",
    "*-*-* 12:00/99999999999999999999": "a repetition beyond 64 bits",
    "*-*-* 1" + ",1" * 3000 + ":00": "a list of 3000 hours",
    "": "nothing",
}
for index, (expression, why) in enumerate(CALENDARS.items()):
    write("calendar-check_in-%02d" % index, config("'check_in' is '%s': %s" % (expression[:40], why), "ladder.talks", "check_in", '"%s"' % expression))
    write("calendar-on-%02d" % index, config("'on' is '%s': %s" % (expression[:40], why), "performance.meetup", "on", '"%s"' % expression).replace("at = 2027-03-18T19:00:00\n", ""))

# Integers out of range, or not integers.
for value, why in {"0": "zero", "-1": "negative", "1001": "more than 1000", "99999999999999999999": "beyond 64 bits",
                   "1.5": "a float", '"2"': "a string", "0x7fffffffffffffff": "the largest 64-bit integer",
                   "-9223372036854775808": "the smallest 64-bit integer", "inf": "infinity", "nan": "not a number"}.items():
    slug = value.strip('"').replace(".", "_").replace("-", "minus")[:20]
    write("value-climb_after-%s" % slug, config("'climb_after' is %s (%s)" % (value, why), "ladder.talks", "climb_after", value))
for value, why in {"0": "rung 0", "3": "a rung past the ladder's end", "-1": "a negative rung",
                   "99999999999999999999": "a rung beyond 64 bits", '"Stadium"': "a rung title the ladder lacks", "1.0": "a float"}.items():
    slug = value.strip('"').replace(".", "_").replace("-", "minus")[:20]
    write("value-rung-%s" % slug, config("'rung' is %s (%s)" % (value, why), "performance.meetup", "rung", value))

# Deep nesting, which a recursive reader must refuse rather than overflow its stack.
for depth in [1000, 20000]:
    write("nesting-arrays-%d" % depth, "# an array nested %d deep\n[rung]\ntimezone = \"UTC\"\nx = %s%s\n" % (depth, "[" * depth, "]" * depth))
    write("nesting-arrays-unclosed-%d" % depth, "# an array nested %d deep that never closes\n[rung]\nx = %s\n" % (depth, "[" * depth))
    write("nesting-inline-tables-%d" % depth, "# an inline table nested %d deep\n[rung]\nx = %s%s\n" % (depth, "{a=" * depth + "1", "}" * depth))
    write("nesting-inline-tables-unclosed-%d" % depth, "# an inline table nested %d deep that never closes\n[rung]\nx = %s\n" % (depth, "{a=" * depth))
    write("nesting-dotted-key-%d" % depth, "# a dotted key %d parts long\n[rung]\n%s = 1\n" % (depth, ".".join(["a"] * depth)))
    write("nesting-table-header-%d" % depth, "# a table header %d parts long\n[%s]\nkind = \"desktop\"\n" % (depth, ".".join(["channel"] + ["a"] * depth)))
    write("nesting-array-of-tables-%d" % depth, "# an array of inline tables nested %d deep\n[rung]\nx = %s\n" % (depth, "[{a=" * depth + "1" + "}]" * depth))

# Varlink messages too large or too deep to write by hand.
VARLINK = os.path.join(os.path.dirname(HERE), "varlink", "generated.txt")
with open(VARLINK, "w", encoding="utf-8", newline="\n") as file:
    file.write("# Varlink messages written by generate.py: longer than a call may be, nested deeper than\n"
               "# a reader may follow, or with thousands of unknown parameters. Same format as the others.\n")
    file.write('{"method": "io.rung.Control.Pause", "parameters": {"subject": "%s"}}\n' % ("x" * 70000))
    for depth in [600, 20000]:
        file.write('{"method": "io.rung.Control.Status", "parameters": {"x": %s%s}}\n' % ("[" * depth, "]" * depth))
        file.write('{"method": "io.rung.Control.Status", "parameters": {"x": %s}}\n' % ('{"a": ' * depth + "1" + "}" * depth))
        file.write('{"method": "io.rung.Control.Status", "parameters": {"x": %s\n' % ("[" * depth))
    file.write('{"method": "io.rung.Control.Status", "parameters": {%s}}\n' % ", ".join('"p%d": %d' % (i, i) for i in range(5000)))
    file.write('{"method": "io.rung.Control.Upcoming", "parameters": {"days": 1%s}}\n' % ("0" * 5000))
