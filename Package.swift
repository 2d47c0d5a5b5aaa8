// swift-tools-version:6.0
// wxopen: a WeChat Open Platform third-party platform server.
// No Swift package dependencies: the toolchain and system C libraries only.

import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "wxopen",
    products: [
        .executable(name: "wxopen", targets: ["wxopen"]),
    ],
    targets: [
        // libcrypto (OpenSSL 3): SHA-1/256, AES-CBC/GCM, HMAC, PBKDF2, random bytes.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // libpq: the PostgreSQL client library behind WXOpenPostgres.
        .systemLibrary(
            name: "CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // epoll, eventfd, accept4, memmem and malloc_trim, which Glibc's Swift overlay does not export.
        .target(name: "CSystem"),
        // The bottom layer: logging, clocks, RFC 3339 and the small codecs. Uses nothing of ours.
        .target(name: "WXOpenSupport", swiftSettings: strict),
        .target(name: "HTTPServer", dependencies: ["CSystem", "WXOpenSupport"], swiftSettings: strict),
        .target(name: "WeChat", dependencies: ["COpenSSL", "WXOpenSupport"], swiftSettings: strict),
        .target(name: "WXOpenCore", dependencies: ["CSystem", "WeChat", "HTTPServer", "WXOpenSupport"], swiftSettings: strict),
        .target(
            name: "WXOpenPostgres", dependencies: ["WXOpenCore", "CPostgres", "WeChat", "WXOpenSupport"], swiftSettings: strict),
        .target(name: "WeChatSimulator", dependencies: ["WeChat", "HTTPServer", "WXOpenSupport"], swiftSettings: strict),
        // Test doubles and harnesses: never linked into the executable.
        .target(name: "WXOpenTesting", dependencies: ["HTTPServer", "WeChat", "WXOpenPostgres", "WXOpenSupport"], swiftSettings: strict),
        .executableTarget(
            name: "wxopen", dependencies: ["WXOpenCore", "WXOpenPostgres", "WeChatSimulator", "WeChat", "HTTPServer", "WXOpenSupport"],
            swiftSettings: strict),
        // Benchmarks driven by the scripts in bench/; never part of `swift test`.
        .executableTarget(
            name: "wxopen-bench", dependencies: ["WXOpenCore", "WeChatSimulator", "WeChat", "HTTPServer", "WXOpenSupport"],
            path: "bench/Sources/wxopen-bench", swiftSettings: strict),

        .testTarget(name: "WXOpenSupportTests", dependencies: ["WXOpenSupport", "WXOpenTesting"], swiftSettings: strict),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "WXOpenSupport", "WXOpenTesting"], swiftSettings: strict),
        .testTarget(name: "WXOpenTestingTests", dependencies: ["WXOpenTesting", "HTTPServer", "WeChat"], swiftSettings: strict),
        .testTarget(
            name: "WeChatTests", dependencies: ["WeChat", "WeChatSimulator", "HTTPServer", "WXOpenSupport", "WXOpenTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "WeChatSimulatorTests",
            dependencies: ["WeChatSimulator", "WeChat", "HTTPServer", "WXOpenSupport", "WXOpenTesting"], swiftSettings: strict),
        .testTarget(
            name: "WXOpenCoreTests",
            dependencies: ["WXOpenCore", "WXOpenPostgres", "WeChatSimulator", "WeChat", "HTTPServer", "WXOpenSupport", "WXOpenTesting"],
            swiftSettings: strict),
        .testTarget(
            name: "WXOpenPostgresTests", dependencies: ["WXOpenPostgres", "WXOpenCore", "CPostgres", "WXOpenSupport", "WXOpenTesting"],
            swiftSettings: strict),
    ]
)
