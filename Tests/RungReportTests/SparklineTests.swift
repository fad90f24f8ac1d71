import Testing
@testable import RungReport

@Suite("Sparkline")
struct SparklineTests {
    @Test("the lowest and highest values take the shortest and tallest characters")
    func extremes() {
        #expect(Sparkline.line([0, 100], width: 10, unicode: true) == "▁█")
        #expect(Sparkline.line([0, 100], width: 10, unicode: false) == " @")
    }

    @Test("more values than columns are averaged in runs, oldest on the left")
    func averaged() {
        #expect(Sparkline.line([0, 0, 100, 100], width: 2, unicode: true) == "▁█")
        #expect(Sparkline.line([0, 100, 0, 100], width: 2, unicode: false) == "++")
        #expect(Sparkline.line(Array(repeating: 50, count: 1000), width: 7, unicode: true).count == 7)
    }

    @Test("values outside 0–100 are clamped, and nothing gives an empty line")
    func clampedAndEmpty() {
        #expect(Sparkline.line([-20, 250], width: 5, unicode: true) == "▁█")
        #expect(Sparkline.line([], width: 5, unicode: true) == "")
        #expect(Sparkline.line([40], width: 0, unicode: true) == "")
    }
}
