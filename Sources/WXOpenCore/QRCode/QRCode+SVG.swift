import WXOpenSupport
extension QRCode {
    /// The symbol as an SVG element to put inside a page: a white square with the quiet zone
    /// (§6.3.8 asks for 4 modules) and one path of the dark modules, each row's runs merged into
    /// one rectangle. Colours are presentation attributes, not `style`: the console's
    /// Content-Security-Policy (`style-src 'self'`) would drop inline styles. The path is drawn in
    /// module units (the `viewBox`); `width` and `height` scale it to `moduleSize` pixels a module.
    /// - Parameter label: the accessible name; escaped here.
    func svg(moduleSize: Int = 4, quietZone: Int = 4, label: String = "QR code") -> String {
        let side = size + 2 * quietZone
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < size && isDark(x: x, y: y) { x += 1 }
                path += "M\(start + quietZone),\(y + quietZone)h\(x - start)v1h-\(x - start)z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side * moduleSize)" \
            height="\(side * moduleSize)" shape-rendering="crispEdges" role="img" aria-label="\(HTML.escape(label))">\
            <rect width="\(side)" height="\(side)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }
}
