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
            do throws(VarlinkCall.InvalidParameter) {
                switch method {
                case .status: return [await self.status()]
                case .upcoming: return await self.upcoming(try call.request(), more: call.more == true)
                case .snooze: return [await self.snooze(try call.request())]
                case .pause: return [await self.pause(try call.request())]
                case .resume: return [await self.resume(try call.request())]
                case .reload: return [await reload()]
                case .respond: return [await self.respond(try call.request())]
                case .testNotify: return [await self.testNotify(try call.request())]
                }
            } catch {
                return [error.reply]
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
        let coaching = coachingStatus()
        let line = statusLine(next: next, coaching: coaching)
        let (proposals, calibration) = controlCoaching(coaching)
        let reply: ControlInterface.StatusRequest.Reply
        do {
            let snoozed = try store.occurrences(in: [.snoozed], limit: Self.statusSnoozedLimit).compactMap { record in
                occurrence(of: record).map { described($0, state: record.state) }
            }
            let pauses = try store.activePauses(at: now).map { pause in
                ControlInterface.ActivePause(subject: pause.subject, until: pause.endsAt == Self.untilResumed ? nil : iso(pause.endsAt))
            }
            let counts = try store.ledgerCounts()
            func count(_ states: OccurrenceRecord.State...) -> Int64 { Int64(states.reduce(0) { $0 + (counts.byState[$1] ?? 0) }) }
            reply = ControlInterface.StatusRequest.Reply(
                status: line, config: configPath, store: store.path, configErrors: configErrors, next: next.map { described($0, state: nil) },
                delivered: Int64(counts.delivered), answered: count(.answered), failed: count(.failed), missed: count(.missed, .expired),
                paused: count(.paused), snoozed: snoozed, snoozedCount: count(.snoozed),
                snoozedUntil: try store.snoozesOfEverything(endingAfter: now).last.map { iso($0.endsAt) }, pauses: pauses,
                failures: try recentFailures(since: now.adding(microseconds: -Self.lookback)), waiting: waitingDeliveries().map(described),
                proposals: proposals, warnings: coaching.warnings, calibration: calibration)
        } catch {
            return .control(ControlInterface.StoreFailed(reason: "\(error)"))
        }
        return VarlinkReply(reply)
    }

    /// One reply, or with `more` the occurrences streamed in replies of `upcomingPerReply`;
    /// at most `upcomingLimit` of them (`truncated_at` then says where the list stops).
    /// The plan is computed a little at a time, so the loop serves signals, passes and other
    /// calls meanwhile.
    func upcoming(_ request: ControlInterface.UpcomingRequest, more: Bool) async -> [VarlinkReply] {
        var days: Int64 = 7
        if let asked = request.days {
            guard (1...ControlInterface.upcomingMaximumDays).contains(asked) else { return [.invalidParameter("days")] }
            days = asked
        }
        let now = clockNow()
        let upcoming = await upcoming(from: now, through: now.adding(microseconds: days * Self.day), limit: ControlInterface.upcomingLimit)
        var items: [ControlInterface.Occurrence] = []
        items.reserveCapacity(upcoming.occurrences.count)
        // The store decides the same for every vicarious prompt of a performance: read it once each.
        var skips: [PlanSubject: String?] = [:]
        for (index, occurrence) in upcoming.occurrences.enumerated() {
            if index % 1024 == 1023 { await Task.yield() }
            var item = described(occurrence, state: upcoming.waitingStates[occurrence.id.rawValue] ?? .planned)
            if occurrence.kind == .vicarious {
                let skip = skips[occurrence.subject] ?? vicariousSkipReason(occurrence)
                skips[occurrence.subject] = skip
                item.skip = skip
            }
            items.append(item)
        }
        let zone = currentPlanner().zone.name
        let truncatedAt = upcoming.truncatedAt.map(iso)
        // Streamed, the list goes in replies of at most `upcomingPerReply` (at least one),
        // written a reply at a time.
        let perReply = more ? ControlInterface.upcomingPerReply : max(items.count, 1)
        var replies: [VarlinkReply] = []
        for start in stride(from: 0, to: max(items.count, 1), by: perReply) {
            if !replies.isEmpty { await Task.yield() }
            let part = Array(items[start..<min(start + perReply, items.count)])
            replies.append(VarlinkReply(ControlInterface.UpcomingRequest.Reply(zone: zone, occurrences: part, truncatedAt: truncatedAt)))
        }
        return replies
    }

    /// Snoozes one prompt, or (`all`) everything: see `snoozeAll`. A span counts from now
    /// for a prompt already delivered, and from its due instant for one still to come
    /// (`until` sets the instant). A snooze that ends when the prompt has expired could never
    /// fire: it is refused, saying when the prompt expires. `seconds` is 1 to
    /// `TimeLimits.snooze`; beyond that it is an invalid parameter.
    func snooze(_ request: ControlInterface.SnoozeRequest) -> VarlinkReply {
        let now = clockNow()
        var span: TimeSpan?
        if let seconds = request.seconds {
            guard let bounded = TimeLimits.span(seconds: seconds, atMost: TimeLimits.snooze) else { return .invalidParameter("seconds") }
            span = bounded
        }
        let instant = request.until.flatMap(TimestampFormat.parseISO8601)
        if request.until != nil, instant == nil { return .invalidParameter("until") }
        guard span != nil || instant.map({ $0 > now }) == true else {
            return .control(ControlInterface.InvalidRequest(reason: "give a positive duration or a time in the future"))
        }
        if request.all == true {
            guard request.occurrence == nil else {
                return .control(ControlInterface.InvalidRequest(reason: "name an occurrence, or all, not both"))
            }
            return snoozeAll(until: instant ?? now.adding(span!), at: now)
        }
        guard let id = request.occurrence else {
            return .control(ControlInterface.InvalidRequest(reason: "name an occurrence, or all"))
        }
        guard let (occurrence, state) = findOccurrence(id, at: now) else {
            return .control(ControlInterface.OccurrenceNotFound(occurrence: id))
        }
        if let state, state.isFinal {
            return .control(ControlInterface.InvalidRequest(reason: "\(id) is \(state.rawValue); there is nothing left to snooze"))
        }
        let isDelivered = state.map { ![.planned, .snoozed].contains($0) } ?? false
        let until = instant ?? (isDelivered ? now : max(now, upcomingTiming(of: occurrence).due)).adding(span!)
        guard until < occurrence.expires else {
            return .control(ControlInterface.InvalidRequest(
                reason: "\(id) expires at \(iso(occurrence.expires)); a snooze must end before that", expires: iso(occurrence.expires)))
        }
        do {
            try store.recordPlanned(OccurrenceRecord(planned: occurrence, at: now))
            try store.snooze(id, until: until, at: now)
        } catch {
            return .control(ControlInterface.StoreFailed(reason: "\(error)"))
        }
        wakeLoop()
        return VarlinkReply(ControlInterface.SnoozeRequest.Reply(all: nil, snoozed: [id], until: iso(until), expireFirst: []))
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
            return .control(ControlInterface.StoreFailed(reason: "\(error)"))
        }
        wakeLoop()
        return VarlinkReply(ControlInterface.SnoozeRequest.Reply(all: true, snoozed: snoozed, until: iso(until), expireFirst: expiring))
    }

    /// Pauses one subject, or everything: until resumed, or for `seconds`, 1 to
    /// `TimeLimits.pause`; beyond that it is an invalid parameter.
    func pause(_ request: ControlInterface.PauseRequest) -> VarlinkReply {
        let now = clockNow()
        var subject: String?
        if let text = request.subject {
            guard let resolved = resolveSubject(text) else { return .control(ControlInterface.SubjectNotFound(subject: text)) }
            subject = resolved.description
        }
        var until = Self.untilResumed
        if let seconds = request.seconds {
            guard let span = TimeLimits.span(seconds: seconds, atMost: TimeLimits.pause) else { return .invalidParameter("seconds") }
            until = now.adding(span)
        }
        do {
            try store.pause(subject, from: now, until: until, reason: "rungctl pause")
        } catch {
            return .control(ControlInterface.StoreFailed(reason: "\(error)"))
        }
        wakeLoop()
        let pause = ControlInterface.ActivePause(subject: subject, until: until == Self.untilResumed ? nil : iso(until))
        return VarlinkReply(ControlInterface.PauseRequest.Reply(pause: pause))
    }

    func resume(_ request: ControlInterface.ResumeRequest) -> VarlinkReply {
        let now = clockNow()
        var subject: String?
        if let text = request.subject {
            guard let resolved = resolveSubject(text) else { return .control(ControlInterface.SubjectNotFound(subject: text)) }
            subject = resolved.description
        }
        let pauses: [RungStore.Pause]
        do {
            pauses = try store.activePauses(at: now).filter { subject == nil || $0.subject == subject }
            for pause in pauses {
                if let id = pause.id { try store.resume(pause: id, at: now) }
            }
        } catch {
            return .control(ControlInterface.StoreFailed(reason: "\(error)"))
        }
        wakeLoop()
        return VarlinkReply(ControlInterface.ResumeRequest.Reply(resumed: Int64(pauses.count)))
    }

    /// Records an answer from rungctl under `AnswerRule` (the first answer stands), and
    /// takes the prompt's notification down.
    func respond(_ request: ControlInterface.RespondRequest) -> VarlinkReply {
        let id = request.occurrence
        let answer = request.answer?.trimmingCharacters(in: .whitespacesAndNewlines)
        let note = request.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard answer?.isEmpty == false || note?.isEmpty == false || request.rating != nil else {
            return .control(ControlInterface.InvalidRequest(reason: "give an answer, a note or a reframe's rating"))
        }
        if request.rating != nil, answer == Store.snoozeAnswer {
            return .control(ControlInterface.InvalidRequest(reason: "a snooze takes no rating"))
        }
        let now = clockNow()
        let answered: Store.Answered?
        do {
            answered = try store.answer(
                id, with: answer.flatMap { $0.isEmpty ? nil : $0 }, note: note.flatMap { $0.isEmpty ? nil : $0 },
                rating: request.rating.map { Int(clamping: $0) }, via: .cli,
                replacing: request.replace == true, at: now,
                planned: { findOccurrence(id, at: now)?.occurrence },
                check: { AnswerRule.check(answer.flatMap { $0.isEmpty ? nil : $0 }, to: $0, config: config, at: now) },
                config: config)
        } catch let refused as Store.AnswerRefused {
            return reply(refusing: refused, to: id)
        } catch {
            return .control(ControlInterface.StoreFailed(reason: "\(error)"))
        }
        guard let answered else { return .control(ControlInterface.OccurrenceNotFound(occurrence: id)) }
        wakeLoop()
        switch answered {
        case .response(let response):
            withdraw(id)
            return VarlinkReply(ControlInterface.RespondRequest.Reply(
                occurrence: response.occurrenceID, answer: response.answer, note: response.note,
                rating: response.rating.map(Int64.init), via: response.via.rawValue, at: iso(response.answeredAt), snoozedUntil: nil))
        case .snoozed(let until):
            return VarlinkReply(ControlInterface.RespondRequest.Reply(
                occurrence: id, answer: Store.snoozeAnswer, note: nil, via: "cli", at: iso(now), snoozedUntil: iso(until)))
        }
    }

    /// The error for an answer the store refused.
    func reply(refusing refused: Store.AnswerRefused, to id: String) -> VarlinkReply {
        switch refused {
        case .rule(let refusal):
            return .control(ControlInterface.refusal(refusal, occurrence: id, time: iso))
        case .alreadyAnswered(let first):
            return .control(ControlInterface.AlreadyAnswered(
                occurrence: first.occurrenceID, answer: first.answer, note: first.note, via: first.via.rawValue, channel: first.channel,
                at: iso(first.answeredAt)))
        }
    }

    /// Sends a sample prompt once through one channel — the one rungd delivers through, so
    /// that its buttons are answered here — and reports what came of it and how long it took.
    func testNotify(_ request: ControlInterface.TestNotifyRequest) async -> VarlinkReply {
        guard let name = request.channel ?? config.channels.first else {
            return .control(ControlInterface.InvalidRequest(reason: "the config defines no channel"))
        }
        guard let definition = config.channel(name) else {
            return .control(ControlInterface.ChannelNotFound(channel: name, channels: config.channelDefinitions.map(\.name)))
        }
        let result = await TestPrompt.send(through: channels[name]?.channel, of: definition, at: clockNow())
        logger.info("test prompt through \(name): \(result.outcomeName) after \(result.milliseconds) ms", metadata: ["channel": "\(name)"])
        return VarlinkReply(ControlInterface.TestNotifyRequest.Reply(
            channel: name, kind: definition.kindName, outcome: result.outcomeName, detail: result.detail, reason: result.reason,
            milliseconds: result.milliseconds))
    }

    // MARK: - Helpers

    /// The prompts due since `since` that every channel failed to deliver, latest first (at
    /// most 20), each with the reasons of its last delivery.
    func recentFailures(since: Instant) throws -> [ControlInterface.Failure] {
        try store.occurrences(in: [.failed], dueFrom: since).suffix(20).reversed().map { record in
            let attempts = try store.deliveries(of: record.id).filter { $0.purpose != .escalation }
            let lastRun = attempts.lastIndex { $0.outcome == .sent }.map { attempts[($0 + 1)...] } ?? attempts[...]
            var reasons: [String] = []
            for reason in lastRun.compactMap(\.failureReason) where !reasons.contains(reason) {
                reasons.append(reason)
            }
            let subject = PlanSubject(parsing: record.subject)
            return ControlInterface.Failure(
                id: record.id, kind: record.kind.rawValue, subject: record.subject, title: subject.map(title(of:)) ?? record.subject,
                due: iso(record.dueAt), reasons: reasons)
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
    func described(_ occurrence: Occurrence, state: OccurrenceRecord.State?) -> ControlInterface.Occurrence {
        let state = (state ?? (try? store.occurrence(id: occurrence.id.rawValue))?.state ?? .planned).rawValue
        return ControlInterface.Occurrence(
            id: occurrence.id.rawValue, kind: occurrence.kind.rawValue, subject: occurrence.subject.description,
            title: title(of: occurrence.subject), renudge: occurrence.isRenudge, scheduled: iso(occurrence.scheduledAt),
            due: iso(occurrence.due), expires: iso(occurrence.expires), channels: occurrence.channels, state: state,
            rehearsal: Rehearsal.label(of: occurrence, config: config))
    }

    /// A prompt held for a channel, as `Status` lists it.
    func described(_ waiting: HeldDelivery) -> ControlInterface.Waiting {
        let occurrence = waiting.run.occurrence
        return ControlInterface.Waiting(
            id: occurrence.id.rawValue, kind: occurrence.kind.rawValue, subject: occurrence.subject.description,
            title: title(of: occurrence.subject), due: iso(occurrence.due), channel: waiting.channel, until: iso(waiting.deadline),
            reason: waiting.reason)
    }

    func iso(_ instant: Instant) -> String {
        TimestampFormat.iso8601(instant, in: currentPlanner().zone)
    }
}
