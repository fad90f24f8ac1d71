import Foundation
import RungControl
import RungCore
import RungDelivery
import RungStore
import RungTime

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

    /// How many snoozed prompts `Status` lists, at most (the earliest due first); it
    /// counts them all.
    static let statusSnoozedLimit = 100

    /// The daemon's state in a few queries, however many lines the ledger holds.
    func status() async -> VarlinkReply {
        let now = clockNow()
        let next = await nextDue()
        let line = statusLine(next: next)
        do {
            let snoozed = try store.occurrences(in: [.snoozed], limit: Self.statusSnoozedLimit).compactMap { record in
                occurrence(of: record).map { json($0, state: record.state) }
            }
            let pauses = try store.activePauses(at: now).map { pause -> JSONValue in
                var fields: [String: JSONValue] = [:]
                if let subject = pause.subject { fields["subject"] = .string(subject) }
                if pause.endsAt != Self.untilResumed { fields["until"] = .string(iso(pause.endsAt)) }
                return .object(fields)
            }
            let counts = try store.ledgerCounts()
            func count(_ states: OccurrenceRecord.State...) -> JSONValue { .integer(Int64(states.reduce(0) { $0 + (counts.byState[$1] ?? 0) })) }
            var parameters: [String: JSONValue] = [
                "status": .string(line), "config": .string(configPath), "store": .string(store.path),
                "config_errors": .array(configErrors.map { .string($0) }),
                "delivered": .integer(Int64(counts.delivered)), "answered": count(.answered), "failed": count(.failed),
                "missed": count(.missed, .expired), "paused": count(.paused),
                "snoozed": .array(snoozed), "snoozed_count": count(.snoozed),
                "pauses": .array(pauses),
                "failures": .array(try recentFailures(since: now.adding(microseconds: -Self.lookback))),
                "waiting": .array(waitingDeliveries().map(json)),
            ]
            if let everything = try store.snoozesOfEverything(endingAfter: now).last {
                parameters["snoozed_until"] = .string(iso(everything.endsAt))
            }
            if let next { parameters["next"] = json(next, state: nil) }
            return VarlinkReply(parameters: parameters)
        } catch {
            return .control(.storeFailed, ["reason": .string("\(error)")])
        }
    }

    /// One reply, or with `more` the occurrences streamed in replies of `upcomingPerReply`;
    /// at most `upcomingLimit` of them (`truncated_at` then says where the list stops).
    /// The plan is computed a little at a time, so the loop serves signals, passes and other
    /// calls meanwhile.
    func upcoming(_ parameters: [String: JSONValue], more: Bool) async -> [VarlinkReply] {
        var days: Int64 = 7
        if let value = parameters["days"] {
            guard let asked = value.integer, (1...ControlInterface.upcomingMaximumDays).contains(asked) else { return [.invalidParameter("days")] }
            days = asked
        }
        let now = clockNow()
        let upcoming = await upcoming(from: now, through: now.adding(microseconds: days * Self.day), limit: ControlInterface.upcomingLimit)
        var items: [JSONValue] = []
        items.reserveCapacity(upcoming.occurrences.count)
        for (index, occurrence) in upcoming.occurrences.enumerated() {
            if index % 1024 == 1023 { await Task.yield() }
            items.append(json(occurrence, state: upcoming.waitingStates[occurrence.id.rawValue] ?? .planned))
        }
        var common: [String: JSONValue] = ["zone": .string(currentPlanner().zone.name)]
        if let truncatedAt = upcoming.truncatedAt { common["truncated_at"] = .string(iso(truncatedAt)) }
        return VarlinkReply.list(items, under: "occurrences", with: common, perReply: more ? ControlInterface.upcomingPerReply : nil)
    }

    /// Snoozes one prompt, or (`all`) everything: see `snoozeAll`. A span counts from now
    /// for a prompt already delivered, and from its due instant for one still to come
    /// (`until` sets the instant). A snooze that ends when the prompt has expired could never
    /// fire: it is refused, saying when the prompt expires. `seconds` is 1 to
    /// `TimeLimits.snooze`; beyond that it is an invalid parameter.
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
        if parameters["all"]?.bool == true {
            guard parameters["occurrence"] == nil else {
                return .control(.invalidRequest, ["reason": .string("name an occurrence, or all, not both")])
            }
            return snoozeAll(until: instant ?? now.adding(span!), at: now)
        }
        guard let id = parameters["occurrence"]?.string else {
            return .control(.invalidRequest, ["reason": .string("name an occurrence, or all")])
        }
        guard let (occurrence, state) = findOccurrence(id, at: now) else {
            return .control(.occurrenceNotFound, ["occurrence": .string(id)])
        }
        if let state, state.isFinal {
            return .control(.invalidRequest, ["reason": .string("\(id) is \(state.rawValue); there is nothing left to snooze")])
        }
        let isDelivered = state.map { ![.planned, .snoozed].contains($0) } ?? false
        let until = instant ?? (isDelivered ? now : max(now, upcomingTiming(of: occurrence).due)).adding(span!)
        guard until < occurrence.expires else {
            return .control(.invalidRequest, [
                "reason": .string("\(id) expires at \(iso(occurrence.expires)); a snooze must end before that"),
                "expires": .string(iso(occurrence.expires)),
            ])
        }
        do {
            try store.recordPlanned(OccurrenceRecord(planned: occurrence, at: now))
            try store.snooze(id, until: until, at: now)
        } catch {
            return .control(.storeFailed, ["reason": .string("\(error)")])
        }
        wakeLoop()
        return VarlinkReply(parameters: ["snoozed": .array([.string(id)]), "until": .string(iso(until)), "expire_first": .array([])])
    }

    /// Snoozes everything until `until` as one record — everything due before then comes
    /// then — and each prompt delivered and unanswered that has not expired, in one
    /// transaction: a century costs what ten minutes do. A delivered prompt that would
    /// expire first is left as it is and listed.
    func snoozeAll(until: Instant, at now: Instant) -> VarlinkReply {
        var snoozed: [String] = []
        var expiring: [String] = []
        do {
            for record in try store.occurrences(in: [.delivered], expiringAfter: now) {
                if let expires = record.expiresAt, until >= expires {
                    expiring.append(record.id)
                } else {
                    snoozed.append(record.id)
                }
            }
            try store.snoozeAll(until: until, at: now, delivered: snoozed)
        } catch {
            return .control(.storeFailed, ["reason": .string("\(error)")])
        }
        wakeLoop()
        return VarlinkReply(parameters: [
            "all": .bool(true), "snoozed": .array(snoozed.map { .string($0) }), "until": .string(iso(until)),
            "expire_first": .array(expiring.map { .string($0) }),
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
