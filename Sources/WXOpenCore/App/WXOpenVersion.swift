public enum WXOpenVersion {
    public static let string = "0.1.0"
}
