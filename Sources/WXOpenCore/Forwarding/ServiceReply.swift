import Foundation
import WeChat

/// What a service may answer a message with, in time for WeChat's reply (被动回复):
/// `{"reply": {"MsgType": "text", "Content": "…"}}`, with WeChat's field names, flat:
///
/// | MsgType | fields |
/// |---|---|
/// | text | Content |
/// | image, voice | MediaId |
/// | video | MediaId, Title?, Description? |
/// | music | ThumbMediaId, Title?, Description?, MusicUrl?, HQMusicUrl? |
/// | news | Articles: [{Title, Description?, PicUrl?, Url?}] (1 to 8) |
/// | transfer_customer_service | KfAccount? |
///
/// wxopen adds ToUserName (the sender), FromUserName (the account) and CreateTime, and nests the
/// fields as WeChat's reply XML wants them.
struct ServiceReply: Sendable {
    var msgType: String
    /// The reply's elements after the four header fields, in WeChat's layout.
    var body: [(String, XMLValue)]

    struct Invalid: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Nil when the body has no `reply` (the service only acknowledges). Throws `Invalid` for a
    /// reply that cannot be rendered: the message is then answered `success`.
    static func parse(_ body: Data) throws(Invalid) -> ServiceReply? {
        guard !body.isEmpty, let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let value = object["reply"], !(value is NSNull) else { return nil }
        guard let reply = value as? [String: Any] else { throw Invalid("\"reply\" is not an object") }
        func text(_ name: String, required: Bool = false) throws(Invalid) -> String? {
            guard let value = reply[name], !(value is NSNull) else {
                if required { throw Invalid("\"reply.\(name)\" is required") }
                return nil
            }
            guard let string = value as? String, !(required && string.isEmpty) else { throw Invalid("\"reply.\(name)\" must be a non-empty string") }
            return string
        }
        func optional(_ names: [String]) throws(Invalid) -> [(String, XMLValue)] {
            var fields: [(String, XMLValue)] = []
            for name in names { if let value = try text(name) { fields.append((name, .text(value))) } }
            return fields
        }
        guard let msgType = try text("MsgType", required: true) else { return nil }
        switch msgType {
        case "text":
            return ServiceReply(msgType: msgType, body: [("Content", .text(try text("Content", required: true)!))])
        case "image", "voice":
            let media: [(String, XMLValue)] = [("MediaId", .text(try text("MediaId", required: true)!))]
            return ServiceReply(msgType: msgType, body: [(msgType == "image" ? "Image" : "Voice", .elements(media))])
        case "video":
            let fields = [("MediaId", XMLValue.text(try text("MediaId", required: true)!))] + (try optional(["Title", "Description"]))
            return ServiceReply(msgType: msgType, body: [("Video", .elements(fields))])
        case "music":
            let fields = try optional(["Title", "Description", "MusicUrl", "HQMusicUrl"])
                + [("ThumbMediaId", XMLValue.text(try text("ThumbMediaId", required: true)!))]
            return ServiceReply(msgType: msgType, body: [("Music", .elements(fields))])
        case "news":
            guard let articles = reply["Articles"] as? [[String: Any]], (1...8).contains(articles.count) else {
                throw Invalid("\"reply.Articles\" must be a list of 1 to 8 objects")
            }
            var items: [(String, XMLValue)] = []
            for article in articles {
                var fields: [(String, XMLValue)] = []
                for name in ["Title", "Description", "PicUrl", "Url"] {
                    if let value = article[name] as? String { fields.append((name, .text(value))) }
                }
                guard fields.contains(where: { $0.0 == "Title" }) else { throw Invalid("every article needs a \"Title\"") }
                items.append(("item", .elements(fields)))
            }
            return ServiceReply(msgType: msgType, body: [("ArticleCount", .number(items.count)), ("Articles", .elements(items))])
        case "transfer_customer_service":
            let account = try text("KfAccount").map { [("TransInfo", XMLValue.elements([("KfAccount", .text($0))]))] } ?? []
            return ServiceReply(msgType: msgType, body: account)
        default:
            throw Invalid("\"reply.MsgType\" \(msgType) is not one wxopen can reply with")
        }
    }

    /// The reply XML (before encryption): to the message's sender, from its account.
    func xml(answering message: AccountMessage, createTime: Int64) -> String {
        WeChatXML.render([
            ("ToUserName", .text(message.fromUserName)),
            ("FromUserName", .text(message.toUserName)),
            ("CreateTime", .number(createTime)),
            ("MsgType", .text(msgType)),
        ] + body)
    }
}
