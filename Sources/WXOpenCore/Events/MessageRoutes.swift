import HTTPServer

/// `POST /wechat/messages/:appid`: the message and event URL (消息与事件接收URL, registered as
/// `/wechat/messages/$APPID$`), where WeChat posts every authorized account's messages.
struct MessageRoutes {
    let platform: Platform
    /// Sees every accepted message (the release service's audit results).
    var observer: (any AccountMessageObserver)?

    func add(to router: inout Router) {
        let (pushes, handler) = (platform.pushes, AccountMessageHandler(platform: platform, observer: observer))
        router.post("/wechat/messages/:appid", bodyLimit: ComponentEventRoutes.bodyLimit) { request in
            pushes.response(for: await pushes.receive(request, with: handler))
        }
    }
}
