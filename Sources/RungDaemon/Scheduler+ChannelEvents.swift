import Logging
import RungCore
import RungDelivery
import RungStore

/// What channels report on their own, taken in the order they reported it: an answer from
/// a button becomes a response in the store (a snooze re-plans), a dismissal is recorded
/// on the attempt that delivered the prompt, and a channel that can deliver again sends
/// the prompts that waited for it.
extension Scheduler {
    /// Takes the channels' events until rungd stops. Channels call their handler on a
    /// thread of their own; the handler only queues the event for this loop.
    public func receiveChannelEvents() async {
        for await event in channelEvents {
            handle(event)
        }
    }

    func handle(_ event: ChannelEvent) {
        switch event {
        case .answered(let id, let answer, let channel):
            record(answer, to: id, via: channel)
        case .dismissed(let id, let channel):
            if TestPrompt.isTest(id) {
                logger.info("the test prompt was dismissed on \(channel)", metadata: ["channel": "\(channel)"])
                return
            }
            do {
                try store.recordDismissal(of: id, on: channel, at: clock())
            } catch {
                logger.error("cannot record a dismissal", metadata: ["occurrence_id": "\(id)", "channel": "\(channel)", "error": "\(error)"])
            }
            logger.info("a prompt was dismissed on \(channel) without an answer", metadata: ["occurrence_id": "\(id)", "channel": "\(channel)"])
        case .available(let channel):
            outbox.reportAvailable(channel)
            release(heldFor: channel)
            logger.debug("\(channel) reported that it can deliver again", metadata: ["channel": "\(channel)"])
        }
    }

    /// Records an answer from a button under `AnswerRule`. The first answer stands: one
    /// given after another (rungctl's, or a button elsewhere) is logged as ignored.
    private func record(_ answer: String, to id: String, via channel: String) {
        if TestPrompt.isTest(id) {
            logger.notice("the test prompt was answered '\(answer)' on \(channel); nothing is recorded", metadata: ["channel": "\(channel)"])
            return
        }
        let now = clock()
        do {
            let answered = try store.answer(
                id, with: answer, via: .button, channel: channel, at: now,
                planned: { findOccurrence(id, at: now)?.occurrence },
                check: { AnswerRule.check(answer, to: $0, config: config, at: now) }, config: config)
            guard let answered else {
                logger.warning("an answer came for a prompt Rung does not know", metadata: ["occurrence_id": "\(id)", "channel": "\(channel)"])
                return
            }
            logger.info("recorded the answer '\(answer)' from \(channel)", metadata: [
                "message_id": "\(MessageID.answered)", "occurrence_id": "\(id)", "channel": "\(channel)",
            ])
            if case .response = answered { withdraw(id) }
        } catch Store.AnswerRefused.alreadyAnswered(let first) {
            let route = first.channel.map { "\(first.via.rawValue) on \($0)" } ?? first.via.rawValue
            logger.notice("ignored the answer '\(answer)' from \(channel): the prompt was already answered '\(first.answer)' at \(iso(first.answeredAt)) via \(route)", metadata: [
                "occurrence_id": "\(id)", "channel": "\(channel)",
            ])
            withdraw(id)
            return
        } catch Store.AnswerRefused.rule(let refusal) {
            logger.warning("ignored the answer '\(answer)' from \(channel): \(refusal)", metadata: ["occurrence_id": "\(id)", "channel": "\(channel)"])
            return
        } catch {
            logger.error("cannot record an answer from \(channel)", metadata: ["occurrence_id": "\(id)", "error": "\(error)"])
        }
        wakeLoop()
    }

    /// Takes what any channel still shows of the answered prompt `id` down.
    func withdraw(_ id: String) {
        let all = channels.values.map(\.channel)
        Task {
            for channel in all { await channel.withdraw(id) }
        }
    }
}
