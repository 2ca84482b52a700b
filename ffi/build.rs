//! Gives the shared library its SONAME on Linux, so programs linked against
//! it load the ABI they were built for: `libqoltanba.so.MAJOR` from 1.0 on,
//! `libqoltanba.so.0.MINOR` before (where a minor version may break the
//! ABI), as cargo-c names them (a cargo-c build passes the same name).

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if linux {
        let major = env!("CARGO_PKG_VERSION_MAJOR");
        let abi = if major == "0" {
            format!("0.{}", env!("CARGO_PKG_VERSION_MINOR"))
        } else {
            major.to_owned()
        };
        println!("cargo::rustc-cdylib-link-arg=-Wl,-soname,libqoltanba.so.{abi}");
    }
}
