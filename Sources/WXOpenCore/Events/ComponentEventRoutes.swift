import HTTPServer

/// `POST /wechat/component/events`: the authorization event URL (授权事件接收URL). WeChat
/// posts encrypted tickets and authorization events here and wants the text `success`.
struct ComponentEventRoutes {
    let platform: Platform

    static let bodyLimit = 64 * 1024

    func add(to router: inout Router) {
        let (pushes, handler) = (platform.pushes, ComponentEventHandler(platform: platform))
        router.post("/wechat/component/events", bodyLimit: Self.bodyLimit) { request in
            pushes.response(for: await pushes.receive(request, with: handler))
        }
    }
}
