import RungTime

/// A config's prompts from an instant on, in order of their scheduled instant (ties: the
/// order of the config's series), made one at a time as they are read: each series keeps
/// only its next prompt, so reading the first few costs a few calendar searches however
/// far the plan goes, and memory stays the same however many are read.
public struct PlannedPrompts: Sequence, IteratorProtocol {
    /// The next prompt of each series that has one: a binary min-heap on (instant, series).
    private var heads: [(scheduledAt: Instant, series: Int, anchor: Instant)] = []
    private let series: [PromptSeries]

    init(series: [PromptSeries], after instant: Instant) {
        self.series = series
        for (index, one) in series.enumerated() {
            if let anchor = one.firstAnchor(after: instant) { push(series: index, anchor: anchor) }
        }
    }

    public mutating func next() -> Occurrence? {
        guard let head = heads.first else { return nil }
        let one = series[head.series]
        let last = heads.removeLast()
        if !heads.isEmpty {
            heads[0] = last
            siftDown(from: 0)
        }
        if let anchor = one.anchor(after: head.anchor) { push(series: head.series, anchor: anchor) }
        return one.occurrence(anchoredAt: head.anchor)
    }

    private mutating func push(series index: Int, anchor: Instant) {
        heads.append((anchor.adding(microseconds: series[index].reach), index, anchor))
        var child = heads.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { return }
            heads.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(from start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < heads.count, precedes(left, first) { first = left }
            if right < heads.count, precedes(right, first) { first = right }
            guard first != parent else { return }
            heads.swapAt(parent, first)
            parent = first
        }
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        (heads[a].scheduledAt, heads[a].series) < (heads[b].scheduledAt, heads[b].series)
    }
}
