import Foundation
import RungControl
import RungCore
import RungDelivery
import RungStore

/// `io.rung.Control`, answered from the scheduler's config and the store.
extension Scheduler {
    /// The interface as the control server serves it.
    /// `reload` is the daemon's: it also tells systemd about the reload.
    public nonisolated func controlInterface(reload: @escaping @Sendable () async -> VarlinkReply) -> VarlinkService.Interface {
        VarlinkService.Interface(name: ControlInterface.name, description: ControlInterface.description) { [self] call in
            guard let method = ControlInterface.Method(rawValue: call.member) else { return [.methodNotFound(call.method)] }
            let parameters = call.parameters ?? [:]
            switch method {
            case .status: return [await self.status()]
            case .upcoming: return await self.upcoming(parameters, more: call.more == true)
            case .snooze: return [await self.snooze(parameters)]
            case .pause: return [await self.pause(parameters)]
            case .resume: return [await self.resume(parameters)]
            case .reload: return [await reload()]
            case .respond: return [await self.respond(parameters)]
            case .testNotify: return [await self.testNotify(parameters)]
            }
        }
    }

    func status() -> VarlinkReply {
        let now = clockNow()
        let next = upcomingOccurrences(from: now, through: now.adding(microseconds: 7 * Self.day)).first
        let line = statusLine(next: next)
        do {
            let snoozed = try store.occurrences(in: [.snoozed]).compactMap { record in
                occurrence(of: record).map { json($0, state: record.state) }
            }
            let pauses = try store.activePauses(at: now).map { pause -> JSONValue in
                var fields: [String: JSONValue] = [:]
                if let subject = pause.subject { fields["subject"] = .string(subject) }
                if pause.endsAt != Self.untilResumed { fields["until"] = .string(iso(pause.endsAt)) }
                return .object(fields)
            }
            var parameters: [String: JSONValue] = [
                "status": .string(line), "config": .string(configPath), "store": .string(store.path),
                "config_errors": .array(configErrors.map { .string($0) }),
                "delivered": .integer(Int64(try store.deliveredCount())),
                "answered": .integer(Int64(try store.occurrenceCount(in: [.answered]))),
                "failed": .integer(Int64(try store.occurrenceCount(in: [.failed]))),
                "missed": .integer(Int64(try store.occurrenceCount(in: [.missed, .expired]))),
                "paused": .integer(Int64(try store.occurrenceCount(in: [.paused]))),
                "snoozed": .array(snoozed), "pauses": .array(pauses),
                "failures": .array(try recentFailures(since: now.adding(microseconds: -Self.lookback))),
                "waiting": .array(held.values.filter { isWaiting($0.run.occurrence.id) }.sorted { $0.deadline < $1.deadline }.map(json)),
            ]
            if let next { parameters["next"] = json(next, state: nil) }
            return VarlinkReply(parameters: parameters)
        } catch {
            return .control(.storeFailed, ["reason": .string("\(error)")])
        }
    }

    /// One reply, or with `more` the occurrences streamed in replies of `upcomingPerReply`.
    func upcoming(_ parameters: [String: JSONValue], more: Bool) -> [VarlinkReply] {
        let days = parameters["days"]?.integer ?? 7
        guard (1...366).contains(days) else { return [.control(.invalidRequest, ["reason": .string("days must be 1 to 366")])] }
        let now = clockNow()
        let occurrences = upcomingOccurrences(from: now, through: now.adding(microseconds: days * Self.day))
        // What comes is either waiting in the ledger or not in it yet: one read for all.
        let waiting = Dictionary(((try? store.occurrences(in: OccurrenceRecord.State.pending)) ?? []).map { ($0.id, $0.state) }) { first, _ in first }
        return VarlinkReply.list(occurrences.map { json($0, state: waiting[$0.id.rawValue] ?? .planned) }, under: "occurrences", with: ["zone": .string(currentPlanner().zone.name)],
                                 perReply: more ? ControlInterface.upcomingPerReply : nil)
    }

    /// Snoozes one prompt, or every prompt delivered and unanswered or due before the end.
    /// A span counts from now for a prompt already delivered, and from its due instant for
    /// one still to come (`until` sets the instant). A snooze that ends when the prompt has
    /// expired could never fire: one prompt is refused, saying when it expires; `all`
    /// leaves such prompts as they are and lists them. `seconds` is 1 to
    /// `TimeLimits.snooze`, and with `all` `until` at most that far from now; beyond that
    /// either is an invalid parameter.
    func snooze(_ parameters: [String: JSONValue]) -> VarlinkReply {
        let now = clockNow()
        var span: TimeSpan?
        if let seconds = parameters["seconds"]?.integer {
            guard let bounded = TimeLimits.span(seconds: seconds, atMost: TimeLimits.snooze) else { return .invalidParameter("seconds") }
            span = bounded
        }
        let instant = parameters["until"]?.string.flatMap(TimestampFormat.parseISO8601)
        if parameters["until"]?.string != nil, instant == nil { return .invalidParameter("until") }
        guard span != nil || instant.map({ $0 > now }) == true else {
            return .control(.invalidRequest, ["reason": .string("give a positive duration or a time in the future")])
        }
        func end(for occurrence: Occurrence, delivered: Bool) -> Instant {
            if let instant { return instant }
            return (delivered ? now : max(now, occurrence.due)).adding(span!)
        }
        var targets: [(occurrence: Occurrence, until: Instant)] = []
        if parameters["all"]?.bool == true {
            // Everything due before the end is planned: the end is bounded like a span.
            if let instant, instant > now.adding(TimeLimits.snooze) { return .invalidParameter("until") }
            let until = instant ?? now.adding(span!)
            let delivered = ((try? store.occurrences(in: [.delivered])) ?? []).compactMap(occurrence(of:))
            targets = (delivered + upcomingOccurrences(from: now, through: until).filter { $0.due < until }).map { ($0, until) }
        } else if let id = parameters["occurrence"]?.string {
            guard let (occurrence, state) = findOccurrence(id, at: now) else {
                return .control(.occurrenceNotFound, ["occurrence": .string(id)])
            }
            if let state, state.isFinal {
                return .control(.invalidRequest, ["reason": .string("\(id) is \(state.rawValue); there is nothing left to snooze")])
            }
            let isDelivered = state.map { ![.planned, .snoozed].contains($0) } ?? false
            let until = end(for: upcomingTiming(of: occurrence), delivered: isDelivered)
            guard until < occurrence.expires else {
                return .control(.invalidRequest, [
                    "reason": .string("\(id) expires at \(iso(occurrence.expires)); a snooze must end before that"),
                    "expires": .string(iso(occurrence.expires)),
                ])
            }
            targets = [(occurrence, until)]
        } else {
            return .control(.invalidRequest, ["reason": .string("name an occurrence, or all")])
        }
        var snoozed: [JSONValue] = []
        var expiring: [JSONValue] = []
        do {
            for (occurrence, until) in targets {
                guard until < occurrence.expires else {
                    expiring.append(.string(occurrence.id.rawValue))
                    continue
                }
                try store.recordPlanned(OccurrenceRecord(planned: occurrence, at: now))
                try store.snooze(occurrence.id.rawValue, until: until, at: now)
                snoozed.append(.string(occurrence.id.rawValue))
            }
        } catch {
            return .control(.storeFailed, ["reason": .string("\(error)")])
        }
        wakeLoop()
        let until = targets.first?.until ?? instant ?? now.adding(span!)
        return VarlinkReply(parameters: [
            "snoozed": .array(snoozed), "until": .string(iso(until)), "expire_first": .array(expiring),
        ])
    }

    /// Pauses one subject, or everything: until resumed, or for `seconds`, 1 to
    /// `TimeLimits.pause`; beyond that it is an invalid parameter.
    func pause(_ parameters: [String: JSONValue]) -> VarlinkReply {
        let now = clockNow()
        var subject: String?
        if let text = parameters["subject"]?.string {
            guard let resolved = resolveSubject(text) else { return .control(.subjectNotFound, ["subject": .string(text)]) }
            subject = resolved.description
        }
        var until = Self.untilResumed
        if let seconds = parameters["seconds"]?.integer {
            guard let span = TimeLimits.span(seconds: seconds, atMost: TimeLimits.pause) else { return .invalidParameter("seconds") }
            until = now.adding(span)
        }
        do {
            try store.pause(subject, from: now, until: until, reason: "rungctl pause")
        } catch {
            return .control(.storeFailed, ["reason": .string("\(error)")])
        }
        wakeLoop()
        var pause: [String: JSONValue] = [:]
        if let subject { pause["subject"] = .string(subject) }
        if until != Self.untilResumed { pause["until"] = .string(iso(until)) }
        return VarlinkReply(parameters: ["pause": .object(pause)])
    }

    func resume(_ parameters: [String: JSONValue]) -> VarlinkReply {
        let now = clockNow()
        var subject: String?
        if let text = parameters["subject"]?.string {
            guard let resolved = resolveSubject(text) else { return .control(.subjectNotFound, ["subject": .string(text)]) }
            subject = resolved.description
        }
        do {
            let pauses = try store.activePauses(at: now).filter { subject == nil || $0.subject == subject }
            for pause in pauses {
                if let id = pause.id { try store.resume(pause: id, at: now) }
            }
            wakeLoop()
            return VarlinkReply(parameters: ["resumed": .integer(Int64(pauses.count))])
        } catch {
            return .control(.storeFailed, ["reason": .string("\(error)")])
        }
    }

    /// Records an answer from rungctl under `AnswerRule` (the first answer stands), and
    /// takes the prompt's notification down.
    func respond(_ parameters: [String: JSONValue]) -> VarlinkReply {
        guard let id = parameters["occurrence"]?.string else { return .control(.invalidRequest, ["reason": .string("name the occurrence")]) }
        let answer = parameters["answer"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines)
        let note = parameters["note"]?.string?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard answer?.isEmpty == false || note?.isEmpty == false else {
            return .control(.invalidRequest, ["reason": .string("give an answer or a note")])
        }
        let now = clockNow()
        let answered: Store.Answered?
        do {
            answered = try store.answer(
                id, with: answer.flatMap { $0.isEmpty ? nil : $0 }, note: note.flatMap { $0.isEmpty ? nil : $0 }, via: .cli,
                replacing: parameters["replace"]?.bool == true, at: now,
                planned: { findOccurrence(id, at: now)?.occurrence },
                check: { AnswerRule.check(answer.flatMap { $0.isEmpty ? nil : $0 }, to: $0, config: config, at: now) })
        } catch let refused as Store.AnswerRefused {
            return reply(refusing: refused, to: id)
        } catch {
            return .control(.storeFailed, ["reason": .string("\(error)")])
        }
        guard let answered else { return .control(.occurrenceNotFound, ["occurrence": .string(id)]) }
        wakeLoop()
        switch answered {
        case .response(let response):
            withdraw(id)
            return VarlinkReply(parameters: json(response))
        case .snoozed(let until):
            var fields = ControlInterface.answerFields(occurrence: id, answer: Store.snoozeAnswer, note: nil, via: "cli", channel: nil, at: iso(now))
            fields["snoozed_until"] = .string(iso(until))
            return VarlinkReply(parameters: fields)
        }
    }

    /// The error for an answer the store refused.
    func reply(refusing refused: Store.AnswerRefused, to id: String) -> VarlinkReply {
        switch refused {
        case .rule(let refusal):
            return ControlInterface.refusal(refusal, occurrence: id, time: iso)
        case .alreadyAnswered(let first):
            return .control(.alreadyAnswered, json(first))
        }
    }

    /// A recorded answer, as `Respond` and `AlreadyAnswered` give it.
    func json(_ response: Response) -> [String: JSONValue] {
        ControlInterface.answerFields(
            occurrence: response.occurrenceID, answer: response.answer, note: response.note, via: response.via.rawValue,
            channel: response.channel, at: iso(response.answeredAt))
    }

    /// Sends a sample prompt once through one channel — the one rungd delivers through, so
    /// that its buttons are answered here — and reports what came of it and how long it took.
    func testNotify(_ parameters: [String: JSONValue]) async -> VarlinkReply {
        guard let name = parameters["channel"]?.string ?? config.channels.first else {
            return .control(.invalidRequest, ["reason": .string("the config defines no channel")])
        }
        guard let definition = config.channel(name) else {
            return .control(.channelNotFound, ["channel": .string(name), "channels": .array(config.channelDefinitions.map { .string($0.name) })])
        }
        let result = await TestPrompt.send(through: channels[name]?.channel, of: definition, at: clockNow())
        var reply: [String: JSONValue] = [
            "channel": .string(name), "kind": .string(definition.kindName), "outcome": .string(result.outcomeName),
            "milliseconds": .integer(result.milliseconds),
        ]
        if let detail = result.detail { reply["detail"] = .string(detail) }
        if let reason = result.reason { reply["reason"] = .string(reason) }
        logger.info("test prompt through \(name): \(result.outcomeName) after \(result.milliseconds) ms", metadata: ["channel": "\(name)"])
        return VarlinkReply(parameters: reply)
    }

    // MARK: - Helpers

    /// The prompts due since `since` that every channel failed to deliver, latest first (at
    /// most 20), each with the reasons of its last delivery.
    func recentFailures(since: Instant) throws -> [JSONValue] {
        try store.occurrences(in: [.failed], dueFrom: since).suffix(20).reversed().map { record in
            let attempts = try store.deliveries(of: record.id).filter { $0.purpose != .escalation }
            let lastRun = attempts.lastIndex { $0.outcome == .sent }.map { attempts[($0 + 1)...] } ?? attempts[...]
            var reasons: [String] = []
            for reason in lastRun.compactMap(\.failureReason) where !reasons.contains(reason) {
                reasons.append(reason)
            }
            let subject = PlanSubject(parsing: record.subject)
            return .object([
                "id": .string(record.id), "kind": .string(record.kind.rawValue), "subject": .string(record.subject),
                "title": .string(subject.map(title(of:)) ?? record.subject), "due": .string(iso(record.dueAt)),
                "reasons": .array(reasons.map { .string($0) }),
            ])
        }
    }

    /// What comes in `now...through`, as the pass will deliver it: the prompts the ledger
    /// holds waiting (snoozed, deferred) and those the plan has still to bring, each due
    /// when quiet hours let it be; a prompt a pause will suppress, one that would expire
    /// first, and the re-nudge of an answered debrief are left out.
    func upcomingOccurrences(from now: Instant, through: Instant) -> [Occurrence] {
        let waiting = ((try? store.occurrences(in: OccurrenceRecord.State.pending)) ?? []).compactMap(occurrence(of:))
        let planFrom = planStart(at: now)
        let recorded = Set(((try? store.occurrenceIDs(scheduledFrom: planFrom)) ?? []))
        let toCome = currentPlanner().occurrences(from: planFrom, through: through).filter { !recorded.contains($0.id.rawValue) }
        let pauses = (try? self.pauses(from: min(waiting.map(\.due).min() ?? now, now), through: through)) ?? []
        let timed: [Occurrence] = (waiting + toCome).compactMap { occurrence in
            if let debrief = occurrence.follows, (try? store.occurrence(id: debrief.rawValue))?.state == .answered { return nil }
            guard case .due(let due) = currentPlanner().timing(of: occurrence, pauses: pauses), due < occurrence.expires, due <= through else {
                return nil
            }
            var deferred = occurrence
            deferred.due = max(due, now)
            return deferred
        }
        // A re-nudge whose debrief itself comes only after the re-nudge's instant (quiet hours
        // deferred both) is not sent: the pass expires it. Upcoming does not promise it.
        let debriefDue = Dictionary(timed.map { ($0.id, $0.due) }) { first, _ in first }
        return timed.filter { occurrence in
            guard let debrief = occurrence.follows, let due = debriefDue[debrief] else { return true }
            return due <= occurrence.scheduledAt
        }.sorted { ($0.due, $0.scheduledAt, $0.kind, $0.id) < ($1.due, $1.scheduledAt, $1.kind, $1.id) }
    }

    /// `occurrence` due when quiet hours let it be.
    func upcomingTiming(of occurrence: Occurrence) -> Occurrence {
        var timed = occurrence
        if case .due(let due) = currentPlanner().timing(of: occurrence, pauses: []) { timed.due = due }
        return timed
    }

    /// The prompt with this id, and its ledger state: from the ledger, else from the plan
    /// still to come (for a prompt answered or snoozed ahead of time) over the next 30 days.
    func findOccurrence(_ id: String, at now: Instant) -> (occurrence: Occurrence, state: OccurrenceRecord.State?)? {
        if let record = try? store.occurrence(id: id) {
            return occurrence(of: record).map { ($0, record.state) }
        }
        return currentPlanner().occurrences(from: now.adding(microseconds: -Self.lookback), through: now.adding(microseconds: 30 * Self.day))
            .first { $0.id.rawValue == id }.map { ($0, nil) }
    }

    /// `performance:ID`, `ladder:ID`, or a bare id naming exactly one of them.
    func resolveSubject(_ text: String) -> PlanSubject? {
        if let subject = PlanSubject(parsing: text) {
            switch subject {
            case .performance(let id): return config.performances.contains { $0.id == id } ? subject : nil
            case .ladder(let id): return config.ladder(id) != nil ? subject : nil
            }
        }
        let performance = config.performances.contains { $0.id == text }
        let ladder = config.ladder(text) != nil
        switch (performance, ladder) {
        case (true, false): return .performance(text)
        case (false, true): return .ladder(text)
        default: return nil
        }
    }

    /// An occurrence as `Status` and `Upcoming` list it; `state` nil reads it from the ledger.
    func json(_ occurrence: Occurrence, state: OccurrenceRecord.State?) -> JSONValue {
        let state = (state ?? (try? store.occurrence(id: occurrence.id.rawValue))?.state ?? .planned).rawValue
        return .object([
            "id": .string(occurrence.id.rawValue), "kind": .string(occurrence.kind.rawValue),
            "subject": .string(occurrence.subject.description), "title": .string(title(of: occurrence.subject)),
            "renudge": .bool(occurrence.isRenudge), "scheduled": .string(iso(occurrence.scheduledAt)), "due": .string(iso(occurrence.due)),
            "expires": .string(iso(occurrence.expires)), "channels": .array(occurrence.channels.map { .string($0) }),
            "state": .string(state),
        ])
    }

    /// A prompt held for a channel, as `Status` lists it.
    func json(_ waiting: HeldDelivery) -> JSONValue {
        let occurrence = waiting.run.occurrence
        return .object([
            "id": .string(occurrence.id.rawValue), "kind": .string(occurrence.kind.rawValue),
            "subject": .string(occurrence.subject.description), "title": .string(title(of: occurrence.subject)),
            "due": .string(iso(occurrence.due)), "channel": .string(waiting.channel), "until": .string(iso(waiting.deadline)),
            "reason": .string(waiting.reason),
        ])
    }

    func iso(_ instant: Instant) -> String {
        TimestampFormat.iso8601(instant, in: currentPlanner().zone)
    }
}
