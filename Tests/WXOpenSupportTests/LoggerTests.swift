import Testing
import WXOpenSupport
import WXOpenTesting

@Suite struct LoggerTests {
    @Test func line_IsKeyValue_WithContextFirst() {
        let sink = MemoryLogSink()
        Logger(sink: sink, context: [("request_id", "r1")]).info("ticket_stored", ["age_s": "0"])
        let line = sink.lines.first ?? ""
        #expect(line.hasPrefix("ts="))
        #expect(line.hasSuffix(" level=info event=ticket_stored request_id=r1 age_s=0"))
    }

    @Test func value_CannotForgeAFieldOrALine() {
        #expect(Logger.quote("a b") == #""a b""#)
        #expect(Logger.quote("x level=error") == #""x level=error""#)
        #expect(!Logger.quote("a\nts=1").contains("\n"))
        #expect(Logger.quote("") == #""""#)
    }

    @Test func quote_EscapesQuotesBackslashesControlsAndDelete_KeepsOtherText() {
        #expect(Logger.quote("say \"hi\"\\ now") == #""say \"hi\"\\ now""#)
        #expect(Logger.quote("a\nb\rc\td") == #""a\nb\rc\td""#)
        #expect(Logger.quote("\u{0}\u{1F}\u{7F}=") == #""\u0000\u001f\u007f=""#)
        #expect(Logger.quote("名 字") == #""名 字""#)
    }

    @Test func levelsBelowTheLoggers_AreDropped() {
        let sink = MemoryLogSink()
        let logger = Logger(level: .warning, sink: sink)
        logger.info("quiet")
        logger.error("loud")
        #expect(sink.lines.count == 1)
        #expect(sink.contains("event=loud"))
    }

    @Test func with_ReplacesAFieldRatherThanRepeatingIt() {
        let sink = MemoryLogSink()
        Logger(sink: sink).with(["a": "1"]).with(["a": "2"]).info("e")
        #expect(sink.lines.first?.hasSuffix("event=e a=2") == true)
    }

    @Test func milliseconds_HasThreeDecimals() {
        #expect(Logger.milliseconds(0.0123456) == "12.346")
        #expect(Logger.milliseconds(2) == "2000.000")
    }
}
