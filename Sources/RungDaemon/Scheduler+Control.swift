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
            guard let method = ControlInterface.Method(rawValue: call.member) else { return .methodNotFound(call.method) }
            let parameters = call.parameters ?? [:]
            switch method {
            case .status: return await self.status()
            case .upcoming: return await self.upcoming(parameters)
            case .snooze: return await self.snooze(parameters)
            case .pause: return await self.pause(parameters)
            case .resume: return await self.resume(parameters)
            case .reload: return await reload()
            case .respond: return await self.respond(parameters)
            case .testNotify: return await self.testNotify(parameters)
            }
        }
    }

    func status() -> VarlinkReply {
        let now = clockNow()
        let line = statusLine()
        do {
            let next = upcomingOccurrences(from: now, days: 7).first
            let snoozedIDs = Set(try store.occurrences(in: [.snoozed]).map(\.id))
            let snoozed = planned(from: now.adding(microseconds: -Self.lookback), through: now.adding(microseconds: Self.horizon * 15))
                .filter { snoozedIDs.contains($0.id.rawValue) && $0.due > now }
                .map(json)
            let pauses = try store.activePauses(at: now).map { pause -> JSONValue in
                var fields: [String: JSONValue] = [:]
                if let subject = pause.subject { fields["subject"] = .string(subject) }
                if pause.endsAt != Self.untilResumed { fields["until"] = .string(iso(pause.endsAt)) }
                return .object(fields)
            }
            var parameters: [String: JSONValue] = [
                "status": .string(line), "config": .string(configPath), "store": .string(store.path),
                "config_errors": .array(configErrors.map { .string($0) }),
                "delivered": .integer(Int64(try store.occurrenceCount(in: [.delivered, .answered]))),
                "failed": .integer(Int64(try store.occurrenceCount(in: [.failed]))),
                "missed": .integer(Int64(try store.occurrenceCount(in: [.missed, .expired]))),
                "snoozed": .array(snoozed), "pauses": .array(pauses),
                "failures": .array(try recentFailures(since: now.adding(microseconds: -Self.lookback))),
                "waiting": .array(held.values.sorted { $0.deadline < $1.deadline }.map(json)),
            ]
            if let next { parameters["next"] = json(next) }
            return VarlinkReply(parameters: parameters)
        } catch {
            return .control(.storeFailed, ["reason": .string("\(error)")])
        }
    }

    func upcoming(_ parameters: [String: JSONValue]) -> VarlinkReply {
        let days = parameters["days"]?.integer ?? 7
        guard (1...366).contains(days) else { return .control(.invalidRequest, ["reason": .string("days must be 1 to 366")]) }
        let occurrences = upcomingOccurrences(from: clockNow(), days: Int(days))
        return VarlinkReply(parameters: ["zone": .string(currentPlanner().zone.name), "occurrences": .array(occurrences.map(json))])
    }

    func snooze(_ parameters: [String: JSONValue]) -> VarlinkReply {
        let now = clockNow()
        let until: Instant
        if let seconds = parameters["seconds"]?.integer, seconds > 0 {
            until = now.adding(microseconds: seconds * 1_000_000)
        } else if let text = parameters["until"]?.string, let instant = TimestampFormat.parseISO8601(text), instant > now {
            until = instant
        } else {
            return .control(.invalidRequest, ["reason": .string("give a positive duration or a time in the future")])
        }
        let targets: [Occurrence]
        if parameters["all"]?.bool == true {
            let delivered = Set(((try? store.occurrences(in: [.delivered])) ?? []).map(\.id))
            targets = planned(from: now.adding(microseconds: -Self.lookback), through: until)
                .filter { delivered.contains($0.id.rawValue) || ($0.due >= now && $0.due < until) }
        } else if let id = parameters["occurrence"]?.string {
            guard let occurrence = planned(from: now.adding(microseconds: -Self.lookback), through: now.adding(microseconds: Self.horizon * 15))
                .first(where: { $0.id.rawValue == id })
            else { return .control(.occurrenceNotFound, ["occurrence": .string(id)]) }
            targets = [occurrence]
        } else {
            return .control(.invalidRequest, ["reason": .string("name an occurrence, or all")])
        }
        do {
            for occurrence in targets {
                try store.recordPlanned(OccurrenceRecord(planned: occurrence, at: now))
                try store.snooze(occurrence.id.rawValue, until: until, at: now)
            }
        } catch {
            return .control(.storeFailed, ["reason": .string("\(error)")])
        }
        wakeLoop()
        return VarlinkReply(parameters: ["snoozed": .array(targets.map { .string($0.id.rawValue) }), "until": .string(iso(until))])
    }

    func pause(_ parameters: [String: JSONValue]) -> VarlinkReply {
        let now = clockNow()
        var subject: String?
        if let text = parameters["subject"]?.string {
            guard let resolved = resolveSubject(text) else { return .control(.subjectNotFound, ["subject": .string(text)]) }
            subject = resolved.description
        }
        var until = Self.untilResumed
        if let seconds = parameters["seconds"]?.integer {
            guard seconds > 0 else { return .control(.invalidRequest, ["reason": .string("a pause must last a positive time")]) }
            until = now.adding(microseconds: seconds * 1_000_000)
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
                planned: {
                    planned(from: now.adding(microseconds: -Self.lookback), through: now.adding(microseconds: Self.horizon * 15))
                        .first { $0.id.rawValue == id }
                },
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

    func upcomingOccurrences(from now: Instant, days: Int) -> [Occurrence] {
        planned(from: now, through: now.adding(microseconds: Int64(days) * 86_400_000_000)).filter { $0.due >= now }
    }

    func planned(from: Instant, through: Instant) -> [Occurrence] {
        let state = (try? planState(at: clockNow())) ?? PlanState()
        return currentPlanner().plan(from: from, through: through, state: state)
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

    func json(_ occurrence: Occurrence) -> JSONValue {
        let state = (try? store.occurrence(id: occurrence.id.rawValue))?.state.rawValue ?? "planned"
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
