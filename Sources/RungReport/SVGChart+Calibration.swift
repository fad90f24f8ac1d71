extension SVGChart {
    /// Predictions whose confidence fell in one band of ten points, and how they turned out.
    public struct CalibrationBin: Sendable, Equatable {
        /// The band's lower bound: 0, 10, … 90 (the band of 90 holds 100 too).
        public var band: Int
        public var count: Int
        /// The mean predicted confidence in the band, 0–100.
        public var meanPredicted: Double
        /// The share of these attempts that succeeded, 0–1, a partial counting half.
        public var observedRate: Double

        /// Predictions (confidence 0–100, outcome 1 for a success, 0.5 for a partial, 0 for a
        /// miss) grouped in bands of ten, lowest band first; empty bands are left out.
        public static func bins(_ predictions: [(predicted: Int, outcome: Double)]) -> [CalibrationBin] {
            var sums = [Int: (count: Int, predicted: Double, outcome: Double)]()
            for prediction in predictions {
                let band = min(max(prediction.predicted, 0), 99) / 10 * 10
                let sum = sums[band, default: (0, 0, 0)]
                sums[band] = (sum.count + 1, sum.predicted + Double(prediction.predicted), sum.outcome + prediction.outcome)
            }
            return sums.keys.sorted().map { band in
                let sum = sums[band]!
                let count = Double(sum.count)
                return CalibrationBin(band: band, count: sum.count, meanPredicted: sum.predicted / count, observedRate: sum.outcome / count)
            }
        }
    }

    /// Calibration: predicted confidence (0–100) across, observed success rate (0–100 %) up,
    /// one dot per band of predictions, its area growing with the number of attempts in it.
    /// Dots on the dashed diagonal are predictions that matched outcomes; below it, the
    /// person expected more than happened; above it, less.
    public static func calibration(id: String, title: String, description: String, bins: [CalibrationBin]) -> String {
        let size = 300.0, left = 56.0, top = 12.0
        let right = left + size, bottom = top + size
        let height = bottom + 44
        var svg = open(id: id, title: title, description: description, height: height)
        for level in stride(from: 0.0, through: 100, by: 25) {
            let x = scale(level, from: 0...100, to: (left, right))
            let y = scale(level, from: 0...100, to: (bottom, top))
            svg += line(x1: left, y1: y, x2: right, y2: y, class: "grid")
            svg += line(x1: x, y1: top, x2: x, y2: bottom, class: "grid")
            svg += text(number(level), x: left - 8, y: y + 4, anchor: "end", muted: true)
            svg += text(number(level), x: x, y: bottom + 16, anchor: "middle", muted: true)
        }
        svg += line(x1: left, y1: bottom, x2: right, y2: top, class: "diagonal")
        let most = Double(bins.map(\.count).max() ?? 1)
        for bin in bins {
            let x = scale(bin.meanPredicted, from: 0...100, to: (left, right))
            let y = scale(bin.observedRate * 100, from: 0...100, to: (bottom, top))
            let radius = 4 + 10 * (Double(bin.count) / most).squareRoot()
            svg += "<circle class=\"dot\" cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(radius))\">"
            svg += "<title>\(bin.count) predicted \(bin.band)–\(bin.band + (bin.band == 90 ? 10 : 9)): "
            svg += "\(Int((bin.observedRate * 100).rounded())) % succeeded</title></circle>"
        }
        svg += text("predicted confidence", x: (left + right) / 2, y: bottom + 36, anchor: "middle", muted: true)
        svg += text("succeeded %", x: right + 8, y: top + 10, muted: true)
        return svg + "</svg>"
    }
}
