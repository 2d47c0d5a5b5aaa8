/// Which EncodingAESKey a message used. WeChat's guidance for key rotation: keep the previous key,
/// try it when the current one fails, and answer with whichever key worked.
public enum KeySlot: Sendable, Equatable {
    case current
    case previous
}
