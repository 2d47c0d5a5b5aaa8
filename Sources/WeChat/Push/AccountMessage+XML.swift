extension AccountMessage {
    private static let headerFields = ["ToUserName", "FromUserName", "CreateTime", "MsgType"]

    /// The message as WeChat would send it before encryption: the four header fields, then the
    /// rest of `fields` by name. `AccountMessage(xml:)` reads back an equal value.
    public func renderXML() -> String {
        var children: [(String, XMLValue)] = [
            ("ToUserName", .text(toUserName)),
            ("FromUserName", .text(fromUserName)),
            ("CreateTime", .number(createTime)),
            ("MsgType", .text(msgType)),
        ]
        for name in fields.keys.sorted() where !Self.headerFields.contains(name) {
            children.append((name, .text(fields[name]!)))
        }
        return WeChatXML.render(children)
    }

    /// A passive text reply (the XML WeChat expects in the response body, before encryption).
    public static func textReply(toUserName: String, fromUserName: String, createTime: Int64, content: String) -> String {
        WeChatXML.render([
            ("ToUserName", .text(toUserName)),
            ("FromUserName", .text(fromUserName)),
            ("CreateTime", .number(createTime)),
            ("MsgType", .text("text")),
            ("Content", .text(content)),
        ])
    }

    /// A text reply to this message: back to its sender, from the account it was sent to.
    public func textReply(_ content: String, createTime: Int64) -> String {
        Self.textReply(toUserName: fromUserName, fromUserName: toUserName, createTime: createTime, content: content)
    }
}
