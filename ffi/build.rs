//! Gives the shared library its SONAME on Linux (`libqoltanba.so.0`, the
//! major version; 0 while the ABI is pre-1.0), so programs linked against it
//! load the ABI they were built for. cargo-c (`cargo cinstall`) sets its own
//! SONAME and is left alone.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let cargo_c = std::env::var_os("CARGO_CFG_CARGO_C").is_some();
    if linux && !cargo_c {
        let major = env!("CARGO_PKG_VERSION_MAJOR");
        println!("cargo::rustc-cdylib-link-arg=-Wl,-soname,libqoltanba.so.{major}");
    }
}
