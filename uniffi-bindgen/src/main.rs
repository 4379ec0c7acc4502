//! `uniffi-bindgen`, pinned to the same UniFFI version as `corporate-billing-mobile`, so that the
//! generated Swift and Kotlin always match the scaffolding compiled into the library.

fn main() {
    uniffi::uniffi_bindgen_main()
}
