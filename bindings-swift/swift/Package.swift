// swift-tools-version:5.9
// The Swift face of corporate-billing. `scripts/test-mobile` generates the sources of the
// `CorporateBilling` target and the header of `CorporateBillingFFI` (UniFFI output, not tracked),
// builds the Rust library, and runs `swift test` with `-Xlinker -L<dir of the library>`.
import PackageDescription

let package = Package(
    name: "CorporateBilling",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "CorporateBilling", targets: ["CorporateBilling"]),
    ],
    targets: [
        // The C declarations UniFFI generates (CorporateBillingFFI.h) and the link directive for
        // the Rust library (libcorporate_billing_mobile).
        .systemLibrary(name: "CorporateBillingFFI", path: "Sources/CorporateBillingFFI"),
        // The generated Swift API: BillingPortal, the records and enums, BillingError.
        .target(
            name: "CorporateBilling",
            dependencies: ["CorporateBillingFFI"],
            path: "Sources/CorporateBilling",
            exclude: ["README.md"]
        ),
        .testTarget(
            name: "CorporateBillingTests",
            dependencies: ["CorporateBilling"],
            path: "Tests/CorporateBillingTests"
        ),
    ]
)
